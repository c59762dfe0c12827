/** RFC 9110 reason phrases for the statuses the spec uses (and `2XX` ranges). */
const phrases: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '204': 'No Content',
  '2XX': 'Any 2xx',
  '400': 'Bad Request',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'Not Found',
  '405': 'Method Not Allowed',
  '408': 'Request Timeout',
  '409': 'Conflict',
  '413': 'Content Too Large',
  '415': 'Unsupported Media Type',
  '422': 'Unprocessable Content',
  '429': 'Too Many Requests',
  '431': 'Request Header Fields Too Large',
  '500': 'Internal Server Error',
  '503': 'Service Unavailable',
};

export function statusText(status: string | number): string {
  return phrases[String(status)] ?? '';
}
