package io.kumos.gateway.fuzz;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an answer to a fuzzed request says about the gateway: fine (a 2xx with a valid object, a 4xx with a
 * {@code v1.Status} that has a reason) or a defect (any 5xx, a 4xx that is no Status, anything else).
 */
record FuzzVerdict(Outcome outcome, String signature) {

    enum Outcome { FINE, DEFECT }

    private static final FuzzVerdict FINE = new FuzzVerdict(Outcome.FINE, "");

    static FuzzVerdict judge(FuzzCase request, int code, byte[] body, ObjectMapper json) {
        JsonNode answer;
        String unreadable = "";
        try {
            answer = json.readTree(body);
        } catch (IOException e) {
            answer = null;
            unreadable = ": " + e.getMessage();
        }
        if (code >= 200 && code < 300) {
            return answer == null || !answer.isObject()
                    ? defect(200, "a 2xx whose body is no JSON object" + unreadable)
                    : validObject(request, answer);
        }
        if (code >= 400 && code < 500) {
            return isStatus(answer, code) ? FINE : defect(code, "a " + code + " that is no v1.Status with a reason: "
                    + shorten(body));
        }
        return defect(code, statusWords(answer, body));
    }

    private static FuzzVerdict validObject(FuzzCase request, JsonNode answer) {
        String kind = answer.path("kind").asText("");
        if (kind.isEmpty() || answer.path("apiVersion").asText("").isEmpty()
                || answer.path("metadata").path("name").asText("").isEmpty() && !kind.equals("Status")) {
            return defect(200, "a 2xx object without kind, apiVersion or name");
        }
        if (request.expectedKind() != null && !kind.equals(request.expectedKind())) {
            return defect(200, "a 2xx of kind " + kind + " for " + request.expectedKind());
        }
        if (!kind.equals("Status") && answer.path("metadata").path("resourceVersion").asText("").isEmpty()) {
            return defect(200, "a 2xx " + kind + " without resourceVersion");
        }
        return FINE;
    }

    private static boolean isStatus(JsonNode answer, int code) {
        return answer != null && answer.path("kind").asText("").equals("Status")
                && answer.path("apiVersion").asText("").equals("v1")
                && answer.path("status").asText("").equals("Failure")
                && !answer.path("reason").asText("").isEmpty()
                && answer.path("code").asInt() == code;
    }

    private static String statusWords(JsonNode answer, byte[] body) {
        if (answer != null && answer.has("reason")) {
            return answer.path("reason").asText() + ": " + answer.path("message").asText();
        }
        return shorten(body);
    }

    private static FuzzVerdict defect(int code, String words) {
        String oneLine = words.replaceAll("\\s+", " ");
        return new FuzzVerdict(Outcome.DEFECT, code + " " + (oneLine.length() > 160 ? oneLine.substring(0, 160)
                : oneLine));
    }

    private static String shorten(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return text.isEmpty() ? "(empty body)" : text.length() > 160 ? text.substring(0, 160) : text;
    }
}
