package dev.sonde.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the writer writes, read back by a real JSON parser. */
class JsonWriterTest {

    private static final ObjectMapper PARSER = new ObjectMapper();

    @Test
    void everyStringReadsBackAsItWasWrittenWhateverItsCharacters() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(6);
                text.append(
                        kind == 0
                                ? (char) random.nextInt(0x20) // control characters
                                : kind == 1
                                        ? "\"\\/".charAt(random.nextInt(3))
                                        : kind == 2
                                                ? (char) (0xD800 + random.nextInt(0x800)) // surrogates, paired or not
                                                : kind == 3
                                                        ? (char) (0x80 + random.nextInt(0xD000))
                                                        : (char) (0x20 + random.nextInt(0x5F)));
            }
            StringWriter out = new StringWriter();
            JsonWriter.compact(out)
                    .writeStartObject()
                    .writeStringField("s", text.toString())
                    .writeEndObject();

            assertEquals(
                    text.toString(), PARSER.readTree(out.toString()).get("s").asText(), out.toString());
        }
    }

    @Test
    void prettyAndCompactFormsHoldTheSameValues() throws IOException {
        String pretty = write(true);
        String compact = write(false);

        JsonNode expected = PARSER.readTree(
                "{\"a\":1,\"b\":[],\"c\":{},\"d\":[{\"e\":true,\"f\":null},\"g\",-9223372036854775808],\"h\":{\"i\":[[]]}}");
        assertEquals(expected, PARSER.readTree(pretty));
        assertEquals(expected, PARSER.readTree(compact));
        assertEquals(
                "{\"a\":1,\"b\":[],\"c\":{},\"d\":[{\"e\":true,\"f\":null},\"g\",-9223372036854775808],\"h\":{\"i\":[[]]}}\n",
                compact);
        assertEquals(
                String.join(
                        "\n",
                        "{",
                        "  \"a\": 1,",
                        "  \"b\": [],",
                        "  \"c\": {},",
                        "  \"d\": [",
                        "    {",
                        "      \"e\": true,",
                        "      \"f\": null",
                        "    },",
                        "    \"g\",",
                        "    -9223372036854775808",
                        "  ],",
                        "  \"h\": {",
                        "    \"i\": [",
                        "      []",
                        "    ]",
                        "  }",
                        "}",
                        ""),
                pretty);
    }

    @Test
    void closingWhatIsNotOpenIsAMistakeSaidAtOnce() {
        assertThrows(
                IllegalStateException.class,
                () -> JsonWriter.compact(new StringWriter()).writeEndObject());
        assertThrows(
                IllegalStateException.class,
                () -> JsonWriter.compact(new StringWriter())
                        .writeStartObject()
                        .writeFieldName("x")
                        .writeEndObject());
        assertThrows(
                IllegalStateException.class,
                () -> JsonWriter.compact(new StringWriter()).writeStartArray().endLine());
    }

    private static String write(boolean pretty) throws IOException {
        StringWriter out = new StringWriter();
        JsonWriter json = pretty ? JsonWriter.pretty(out) : JsonWriter.compact(out);
        json.writeStartObject()
                .writeNumberField("a", 1)
                .writeArrayFieldStart("b")
                .writeEndArray()
                .writeObjectFieldStart("c")
                .writeEndObject()
                .writeArrayFieldStart("d")
                .writeStartObject()
                .writeBooleanField("e", true)
                .writeFieldName("f")
                .writeNull()
                .writeEndObject()
                .writeString("g")
                .writeNumber(Long.MIN_VALUE)
                .writeEndArray()
                .writeObjectFieldStart("h")
                .writeArrayFieldStart("i")
                .writeStartArray()
                .writeEndArray()
                .writeEndArray()
                .writeEndObject()
                .writeEndObject()
                .endLine();
        return out.toString();
    }
}
