package io.livelake.ingestion.validation;

/**
 * Confluent Schema Registry's wire format, which its serializers write before every Kafka value: a magic byte 0 and a
 * 4-byte schema id. Before JSON (the JSON Schema serializer's) it is taken off, so that such a topic reads as the
 * events it holds; before Avro or Protobuf, which are not JSON, the quarantine's detail names it.
 */
final class RegistryFraming {
  /** Why a framed value that is not a JSON object is not read. */
  static final String NOT_JSON = "payload is in Confluent Schema Registry's wire format (a 0 byte and a schema id before "
      + "the value) around a value that is not JSON (Avro or Protobuf), which LiveLake does not read: produce the "
      + "events as JSON, plain or with the JSON Schema serializer";
  /** The framing's bytes read as text: one character for the magic byte and 1 to 4 for the schema id. */
  private static final int MAX_CHARS = 5;

  private RegistryFraming() {}

  /** Whether {@code payload} starts with the magic byte, which no JSON text does. */
  static boolean framed(String payload) {
    return payload != null && !payload.isEmpty() && payload.charAt(0) == '\u0000';
  }

  /**
   * {@code payload} without the framing when a JSON object follows it, else {@code payload} as it is. The value reaches
   * here decoded as UTF-8, so the schema id is 4 characters, or fewer where its bytes form one (or are replaced): the
   * JSON starts at the last '{' of the first 6 characters, since an id byte may itself be '{'.
   */
  static String unframed(String payload) {
    if (!framed(payload)) return payload;
    int brace = payload.lastIndexOf('{', MAX_CHARS);
    return brace > 1 ? payload.substring(brace) : payload;
  }
}
