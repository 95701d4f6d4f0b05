/**
 * A JSON document serialised once, for a document written to more than one place in a transaction: a
 * dispatch's advance data goes to its handoff row and into its `dispatch.closed` message (63 MB for
 * 66,000 parcels, stringified twice before). COPY writes the text as it is (copy-text.ts); as a
 * query parameter, pass `text`.
 */
export class JsonText {
  private constructor(readonly text: string) {}

  static of(value: unknown): JsonText {
    return new JsonText(JSON.stringify(value));
  }
}
