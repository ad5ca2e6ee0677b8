package io.kumos.gateway.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.kumos.gateway.fuzz.FuzzSeeds.Seed;

/**
 * Makes the fuzz run's requests. Case {@code i} of seed {@code s} depends on nothing else, so any case can be made
 * again alone: creates (POST), replaces (PUT), patches of every type (PATCH), and writes of subresources, of every
 * kind in {@link FuzzSeeds}, with bodies mutated by {@link JsonMutator} and {@link ProtoBodies}.
 */
final class FuzzCases {

    static final String JSON = "application/json";
    static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String STRATEGIC = "application/strategic-merge-patch+json";
    static final String APPLY = "application/apply-patch+yaml";

    /** The object every kind has for replaces and patches to work on. */
    static final String TARGET = "target";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] ODD_TYPES = {
        null, "text/plain", "*/*", "application/json; charset=ISO-8859-1", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/yaml", "application/xml", "garbage", "application/json;;;",
        "application/vnd.kubernetes.protobuf;stream=watch", "APPLICATION/JSON"
    };
    private static final String[] YAML_ODDITIES = {
        "a: &a [1,2]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
        "metadata: !!binary AAEC\n", "apiVersion: v1\nkind: ConfigMap\n---\nkind: Pod\n", "metadata:\n\tname: x\n",
        "metadata: {name: x, name: y}\n", "spec: {replicas: 0x7fffffffffffffffff}\n", "? [a, b]\n: c\n",
        "metadata: !!set {a, b}\n", "metadata: {name: !!float 1e400}\n", "*undefined\n", "- a\n- b\n", "~\n", "",
        "metadata: {labels: {on: yes, off: no}}\n", "metadata: !<tag:yaml.org,2002:js/function> x\n",
        "%YAML 9.9\n---\na: 1\n", "metadata: {name: \"\\0\"}\n", "metadata: {name: \"\\ud800\"}\n",
        "data: {k: \"\\x00\"}\n", "spec: " + "[".repeat(2000) + "\n"
    };

    private final long seed;
    private final ObjectMapper json;
    private final YAMLMapper yaml = new YAMLMapper();
    private final List<ObjectNode> donors = new ArrayList<>();

    FuzzCases(long seed, ObjectMapper json) {
        this.seed = seed;
        this.json = json;
        FuzzSeeds.ALL.forEach(s -> donors.add(s.object(json, TARGET)));
    }

    /** Case {@code index} of the run, for the test's namespace. */
    FuzzCase make(int index, String namespace) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        Seed kind = FuzzSeeds.ALL.get(random.nextInt(FuzzSeeds.ALL.size()));
        JsonMutator mutator = new JsonMutator(random, json);
        int operation = random.nextInt(100);
        if (operation < 35) {
            return write(index, random, mutator, kind, "POST", kind.collectionPath(namespace),
                    name(random, kind, "fz-" + index), kind.kind());
        }
        String object = kind.collectionPath(namespace) + "/" + targetName(kind);
        if (operation < 55) {
            return write(index, random, mutator, kind, "PUT", object, targetName(kind), kind.kind());
        }
        if (operation < 90) {
            return patch(index, random, mutator, kind, object, kind.kind());
        }
        return subresource(index, random, mutator, kind, object);
    }

    static String targetName(Seed kind) {
        return kind.namespaced() ? TARGET : "fuzz-target";
    }

    private String name(SplittableRandom random, Seed kind, String name) {
        return kind.kind().equals("Namespace") ? "fuzz-" + name : name;
    }

    private FuzzCase write(int index, SplittableRandom random, JsonMutator mutator, Seed kind, String method,
            String path, String name, String expectedKind) {
        int encoding = random.nextInt(100);
        if (encoding < 20) {
            byte[] body = random.nextInt(5) == 0 ? json(mutator, random, kind, name)
                    : new ProtoBodies(random, mutator).body(kind.kind(), apiVersion(kind), name);
            return new FuzzCase(index, "protobuf " + method, method, path, PROTOBUF, body, expectedKind);
        }
        String type = encoding < 70 ? JSON : encoding < 80 ? JSON + ";charset=utf-8"
                : encoding < 86 ? "application/yaml" : ODD_TYPES[random.nextInt(ODD_TYPES.length)];
        byte[] body = type != null && type.contains("yaml") && random.nextBoolean()
                ? yaml(mutator, random, kind, name) : json(mutator, random, kind, name);
        return new FuzzCase(index, "mutated " + kind.kind(), method, path + query(random), type, body, expectedKind);
    }

    private FuzzCase patch(int index, SplittableRandom random, JsonMutator mutator, Seed kind, String path,
            String expectedKind) {
        int choice = random.nextInt(100);
        String what;
        String type;
        byte[] body;
        if (choice < 25) {
            type = JSON_PATCH;
            what = "json patch";
            body = write(mutator, random, jsonPatch(random, kind));
        } else if (choice < 50) {
            type = MERGE_PATCH;
            what = "merge patch";
            body = write(mutator, random, partial(random, mutator, kind));
        } else if (choice < 75) {
            type = STRATEGIC;
            what = "strategic merge patch";
            ObjectNode patch = partial(random, mutator, kind);
            directives(random, patch);
            body = write(mutator, random, patch);
        } else if (choice < 92) {
            type = APPLY + (random.nextInt(10) == 0 ? ";charset=utf-8" : "");
            what = "apply patch";
            body = random.nextInt(3) == 0 ? json(mutator, random, kind, targetName(kind))
                    : yaml(mutator, random, kind, targetName(kind));
            path = path + "?fieldManager=" + (random.nextInt(5) == 0 ? "%00x" : "fuzz")
                    + (random.nextBoolean() ? "&force=true" : "");
        } else {
            type = random.nextBoolean() ? PROTOBUF : ODD_TYPES[random.nextInt(ODD_TYPES.length)];
            what = "patch of a type not served";
            body = json(mutator, random, kind, targetName(kind));
        }
        return new FuzzCase(index, what + " of " + kind.kind(), "PATCH", path + (path.contains("?") ? "" : query(random)),
                type, body, expectedKind);
    }

    private FuzzCase subresource(int index, SplittableRandom random, JsonMutator mutator, Seed kind, String object) {
        if (kind.kind().equals("Pod") && random.nextBoolean()) {
            boolean binding = random.nextBoolean();
            ObjectNode body = binding ? (ObjectNode) json.valueToTree(java.util.Map.of("apiVersion", "v1",
                    "kind", "Binding", "metadata", java.util.Map.of("name", TARGET),
                    "target", java.util.Map.of("kind", "Node", "name", "node-1")))
                    : (ObjectNode) json.valueToTree(java.util.Map.of("apiVersion", "policy/v1", "kind", "Eviction",
                            "metadata", java.util.Map.of("name", TARGET)));
            mutator.mutateTree(body, donors);
            byte[] bytes = random.nextInt(5) == 0 ? mutator.mutateText(mutator.write(body)) : mutator.write(body);
            return new FuzzCase(index, binding ? "binding" : "eviction", "POST",
                    object + (binding ? "/binding" : "/eviction"), random.nextInt(8) == 0 ? PROTOBUF : JSON, bytes,
                    null);
        }
        List<String> subresources = new ArrayList<>(kind.subresources());
        subresources.add("bogus");
        String sub = subresources.get(random.nextInt(subresources.size()));
        if (sub.equals("scale")) {
            ObjectNode scale = (ObjectNode) json.valueToTree(java.util.Map.of("apiVersion", "autoscaling/v1",
                    "kind", "Scale", "metadata", java.util.Map.of("name", TARGET),
                    "spec", java.util.Map.of("replicas", 3)));
            mutator.mutateTree(scale, donors);
            boolean put = random.nextBoolean();
            return new FuzzCase(index, "scale", put ? "PUT" : "PATCH", object + "/scale",
                    put ? JSON : random.nextBoolean() ? MERGE_PATCH : STRATEGIC, mutator.write(scale), "Scale");
        }
        if (random.nextBoolean()) {
            return write(index, random, mutator, kind, "PUT", object + "/" + sub, targetName(kind),
                    sub.equals("status") ? kind.kind() : null);
        }
        return patch(index, random, mutator, kind, object + "/" + sub, sub.equals("status") ? kind.kind() : null);
    }

    private byte[] json(JsonMutator mutator, SplittableRandom random, Seed kind, String name) {
        int shape = random.nextInt(100);
        if (shape < 4) {
            return mutator.randomBytes(random.nextInt(4096));
        }
        if (shape < 7) {
            return new byte[0];
        }
        if (shape < 8 && random.nextInt(4) == 0) {
            return ("{\"data\":{\"big\":\"" + "z".repeat(3 * 1024 * 1024 + random.nextInt(1024)) + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode object = kind.object(json, name);
        if (shape < 90) {
            mutator.mutateTree(object, donors);
        }
        byte[] bytes = mutator.write(object);
        return random.nextInt(5) == 0 ? mutator.mutateText(bytes) : bytes;
    }

    private byte[] yaml(JsonMutator mutator, SplittableRandom random, Seed kind, String name) {
        if (random.nextInt(4) == 0) {
            return YAML_ODDITIES[random.nextInt(YAML_ODDITIES.length)].getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode object = kind.object(json, name);
        mutator.mutateTree(object, donors);
        try {
            byte[] bytes = yaml.writeValueAsBytes(object);
            return random.nextInt(5) == 0 ? mutator.mutateText(bytes) : bytes;
        } catch (JsonProcessingException e) {
            return mutator.write(object);
        }
    }

    private byte[] write(JsonMutator mutator, SplittableRandom random, JsonNode tree) {
        byte[] bytes = mutator.write(tree);
        return random.nextInt(6) == 0 ? mutator.mutateText(bytes) : bytes;
    }

    /** A piece of the seed (the whole, or one of its top-level fields), mutated. */
    private ObjectNode partial(SplittableRandom random, JsonMutator mutator, Seed kind) {
        ObjectNode whole = kind.object(json, targetName(kind));
        ObjectNode patch = NODES.objectNode();
        if (random.nextInt(4) == 0) {
            patch = whole;
        } else {
            List<String> fields = new ArrayList<>();
            whole.fieldNames().forEachRemaining(fields::add);
            String field = fields.get(random.nextInt(fields.size()));
            patch.set(field, whole.get(field));
        }
        mutator.mutateTree(patch, donors);
        return patch;
    }

    private void directives(SplittableRandom random, ObjectNode patch) {
        String[] keys = {"$patch", "$retainKeys", "$setElementOrder/containers", "$deleteFromPrimitiveList/args",
            "$setElementOrder/ports", "$deleteFromPrimitiveList/finalizers"};
        JsonNode target = patch;
        List<JsonNode> objects = new ArrayList<>();
        collectObjects(patch, objects);
        if (!objects.isEmpty()) {
            target = objects.get(random.nextInt(objects.size()));
        }
        String key = keys[random.nextInt(keys.length)];
        JsonNode value = switch (random.nextInt(4)) {
            case 0 -> NODES.textNode(random.nextBoolean() ? "replace" : "delete");
            case 1 -> NODES.arrayNode().add(NODES.objectNode().put("name", "web")).add("x").add(3);
            case 2 -> NODES.arrayNode().add("metadata").add("spec");
            default -> NastyValues.value(random);
        };
        ((ObjectNode) target).set(key, value);
    }

    private static void collectObjects(JsonNode node, List<JsonNode> objects) {
        if (node instanceof ObjectNode) {
            objects.add(node);
        }
        if (node.isContainerNode() && objects.size() < 10_000) {
            node.forEach(child -> collectObjects(child, objects));
        }
    }

    /** A JSON patch of 1-4 operations on paths of the seed, or odd ones, with odd values; sometimes no array. */
    private JsonNode jsonPatch(SplittableRandom random, Seed kind) {
        if (random.nextInt(10) == 0) {
            return NastyValues.value(random);
        }
        List<String> pointers = new ArrayList<>();
        pointers(kind.object(json, targetName(kind)), "", pointers);
        String[] odd = {"", "/", "/-", "/spec/containers/-", "/spec/containers/99", "/metadata/labels/~1x",
            "/~2", "//", "/metadata/name/x", "/spec/containers/-1", "/spec/containers/01", "no-slash",
            "/metadata/finalizers/0", "/status/conditions/-"};
        String[] ops = {"add", "remove", "replace", "move", "copy", "test", "bogus", ""};
        ArrayNode patch = NODES.arrayNode();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            ObjectNode operation = patch.addObject();
            operation.put("op", ops[random.nextInt(ops.length)]);
            String path = random.nextInt(4) == 0 ? odd[random.nextInt(odd.length)]
                    : pointers.get(random.nextInt(pointers.size()));
            operation.put("path", path);
            if (random.nextInt(3) > 0) {
                operation.set("value", NastyValues.value(random));
            }
            if (random.nextInt(3) == 0) {
                operation.put("from", pointers.get(random.nextInt(pointers.size())));
            }
            if (random.nextInt(10) == 0) {
                operation.remove(random.nextBoolean() ? "op" : "path");
            }
        }
        return patch;
    }

    private static void pointers(JsonNode node, String at, List<String> out) {
        out.add(at);
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
                String name = names.next();
                pointers(object.get(name), at + "/" + name.replace("~", "~0").replace("/", "~1"), out);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                pointers(array.get(i), at + "/" + i, out);
            }
            out.add(at + "/-");
        }
    }

    private static String apiVersion(Seed kind) {
        String collection = kind.collection();
        if (collection.startsWith("/api/v1")) {
            return "v1";
        }
        String[] parts = collection.split("/");
        return parts[2] + "/" + parts[3];
    }

    private static String query(SplittableRandom random) {
        return switch (random.nextInt(12)) {
            case 0 -> "?fieldValidation=Strict";
            case 1 -> "?fieldValidation=Ignore";
            case 2 -> "?fieldValidation=" + (random.nextBoolean() ? "bogus" : "%00");
            case 3 -> "?fieldManager=" + (random.nextBoolean() ? "" : "a%ED%A0%80b");
            default -> "";
        };
    }
}
