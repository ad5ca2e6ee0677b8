package io.kumos.gateway.objects;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.resources.ResourceType;

/**
 * The JSON of a whole list, written an object at a time as the objects are read: a list of tens of thousands of
 * objects costs the bytes it answers with, not a tree of every object held until the end.
 */
final class ListBody {

    private final ObjectMapper json;
    private final ResourceType type;
    private final ByteArrayOutputStream items = new ByteArrayOutputStream();
    private final JsonGenerator out;

    ListBody(ObjectMapper json, ResourceType type) {
        this.json = json;
        this.type = type;
        try {
            this.out = json.getFactory().createGenerator(items);
            out.writeStartArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void add(JsonNode object) {
        try {
            json.writeTree(out, object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The list: kind, apiVersion, metadata, then the items, in kube-apiserver's order. */
    byte[] end(long revision) {
        try {
            out.writeEndArray();
            out.close();
            ObjectNode head = json.createObjectNode().put("kind", type.kind() + "List").put("apiVersion", type.apiVersion());
            head.putObject("metadata").put("resourceVersion", Long.toString(revision));
            String open = json.writeValueAsString(head);
            ByteArrayOutputStream list = new ByteArrayOutputStream(items.size() + open.length() + 16);
            list.writeBytes(open.substring(0, open.length() - 1).getBytes(StandardCharsets.UTF_8));
            list.writeBytes(",\"items\":".getBytes(StandardCharsets.UTF_8));
            items.writeTo(list);
            list.write('}');
            return list.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
