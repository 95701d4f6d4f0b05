import { Rollback } from './transaction.js';

/**
 * The one shape of an expected business failure in every module: the GraphQL type that carries it
 * (`__typename`, a type implementing `ErrorResult`), its stable `errorCode`, a readable `message`, and
 * the type's own fields beside them. Resolvers return it as it is: the union's default type
 * resolver reads `__typename`.
 */
export type Failure<Type extends string = string, Code extends string = string, Details extends object = Record<string, unknown>> = {
  __typename: Type;
  errorCode: Code;
  message: string;
} & Details;

export function fail<Type extends string, Code extends string, Details extends object = Record<string, never>>(
  type: Type,
  errorCode: Code,
  message: string,
  details?: Details,
): Failure<Type, Code, Details> {
  return { __typename: type, errorCode, message, ...(details as Details) };
}

export function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && '__typename' in value && 'errorCode' in value && typeof (value as { message?: unknown }).message === 'string';
}

/** Thrown inside `inTransaction` (src/platform/transaction.ts): rolls back everything and answers with the failure. */
export function rollback(failure: Failure): never {
  throw new Rollback(failure);
}

/** A row answered as a union member: the row with its GraphQL type name. */
export type Typed<T, N extends string> = T & { __typename: N };
export const typed = <T extends object, N extends string>(value: T, name: N): Typed<T, N> => ({ ...value, __typename: name });
