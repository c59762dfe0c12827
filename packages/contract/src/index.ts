export { bundledSpecPath, listOperations, loadSpec, type OpenApiDocument, type OperationEntry } from './spec';
export { Contract, contract, formatViolation, type ObservedResponse, type Violation } from './validator';
export { ContractViolationError, expectConforms, observe } from './expect';
export {
  hostileHeaderValue,
  hostileString,
  hostileUrlComponent,
  hostileValue,
  twisted,
  unicodeTwins,
  unstorable,
  validValue,
  wrongTypeValue,
} from './arbitraries';
export type { JsonSchema, SpecOperation, SpecParameter } from './spec';
