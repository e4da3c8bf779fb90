// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.github.releasechannels.failure.EnvironmentProblemException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document read from a target into maps, lists, strings, numbers, booleans and nulls, by a streaming
 * parser: strict JSON, one value, a duplicate key refused, nesting and strings bounded, since the bytes are not
 * ours until they have been checked.
 */
final class JsonTree {

    /** The manifest nests five levels deep (a rollout group's days); anything far deeper is not one of ours. */
    private static final int MAX_NESTING = 16;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxStringLength(Manifest.MAX_BYTES)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonTree() {}

    /** The document's one value; an {@link InvalidJsonException} names the line and column of what is wrong. */
    static Object read(byte[] json) throws InvalidJsonException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new InvalidJsonException("it is empty");
            }
            Object root = value(parser);
            if (parser.nextToken() != null) {
                throw new InvalidJsonException("more than one value at line "
                        + parser.currentLocation().getLineNr() + ", column "
                        + parser.currentLocation().getColumnNr());
            }
            return root;
        } catch (JsonProcessingException e) {
            // A limit that was exceeded has no location of its own.
            JsonLocation at = e.getLocation();
            throw new InvalidJsonException(e.getOriginalMessage()
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException e) {
            // Parsing bytes in memory reads nothing else; only malformed input gets here.
            throw new InvalidJsonException(e.getMessage());
        }
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, value(parser));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getNumberType() == JsonParser.NumberType.INT
                        ? parser.getIntValue()
                        : parser.getNumberValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return true;
            }
            case VALUE_FALSE -> {
                return false;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new InvalidJsonException("unexpected " + token);
        }
    }

    /** Bytes that are not one strict JSON value. */
    static final class InvalidJsonException extends EnvironmentProblemException {
        InvalidJsonException(String reason) {
            super(reason);
        }
    }
}
