/**
 * A response body a handler has already written as JSON text (e.g. a page joined from stored
 * documents), typed by the value it encodes. The registrar sends the text as it is — validated
 * against the contract first when response validation is on — instead of serializing a value.
 */
export class SerializedJson<T = unknown> {
  declare private readonly encodes?: T;

  constructor(readonly text: string) {}
}
