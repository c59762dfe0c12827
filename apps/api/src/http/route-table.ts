import { routes } from '../generated/routes';

/** One operation's path template, split once: literal segments and `{name}` parameters. */
export interface RouteTemplate {
  method: string;
  pattern: RegExp;
  /** Per path segment: the literal text, or `{ param }` for a template parameter. */
  segments: (string | { param: string })[];
  /** The operation reads a JSON request body. */
  jsonBody: boolean;
}

export function routeTemplate(method: string, path: string, jsonBody = false): RouteTemplate {
  return {
    method: method.toUpperCase(),
    pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    segments: path
      .split('/')
      .slice(1)
      .map((segment) => {
        const param = /^\{([^}]+)\}$/.exec(segment)?.[1];
        return param ? { param } : segment;
      }),
    jsonBody,
  };
}

/** Every operation of the spec, from the generated routes. */
export const apiRoutes: RouteTemplate[] = Object.values(routes).map((route) => {
  const { request } = route as { request?: { body?: { content?: Record<string, unknown> } } };
  return routeTemplate(route.method, route.path, Boolean(request?.body?.content?.['application/json']));
});

/** Methods the API serves at `pathname`, for 405 `Allow`. */
export function allowedMethods(pathname: string): string[] {
  return apiRoutes.filter((r) => r.pattern.test(pathname)).map((r) => r.method);
}
