import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';

export type SchemaElementKind = 'type' | 'field' | 'argument' | 'inputField' | 'enumValue';

export interface UndescribedElement {
  kind: SchemaElementKind;
  /** Type.field(arg:) style path, e.g. `Query.shipments(first:)` or `ShipmentStatus.DELIVERED`. */
  path: string;
}

const described = (description: string | null | undefined) => Boolean(description?.trim());

/**
 * Every named type, field, argument, input field and enum value of the schema that has no SDL
 * description; GraphQL's own introspection types and built-in scalars are the spec's, not ours.
 */
export function undescribedElements(schema: GraphQLSchema): UndescribedElement[] {
  const missing: UndescribedElement[] = [];
  const check = (kind: SchemaElementKind, path: string, description: string | null | undefined) => {
    if (!described(description)) missing.push({ kind, path });
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check('type', type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check('field', `${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check('argument', `${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check('inputField', `${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check('enumValue', `${type.name}.${value.name}`, value.description);
    }
  }
  return missing;
}
