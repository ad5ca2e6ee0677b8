package io.kumos.gateway.probes;

import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The outcome of one probe in kube-apiserver's text format: a line per check, then a verdict.
 *
 * <pre>
 * [+]ping ok
 * [-]Infinispan cluster health check failed: reason withheld
 * readyz check failed
 * </pre>
 *
 * Unlike kube-apiserver, a failed check says why (the check's data), since Kumos' reasons name no secret and
 * are what an operator needs.
 */
record ProbeReport(String probe, List<String> lines, boolean passed) {

    static ProbeReport of(String probe, JsonObject payload) {
        List<String> lines = new ArrayList<>();
        lines.add("[+]ping ok");
        boolean passed = "UP".equals(payload.getString("status", "DOWN"));
        for (JsonValue value : payload.getJsonArray("checks")) {
            JsonObject check = value.asJsonObject();
            String name = check.getString("name");
            if ("UP".equals(check.getString("status"))) {
                lines.add("[+]" + name + " ok");
            } else {
                JsonObject data = check.getJsonObject("data");
                lines.add("[-]" + name + " failed: " + (data == null ? "reason unknown" : data.toString()));
            }
        }
        return new ProbeReport(probe, List.copyOf(lines), passed);
    }

    String render() {
        return String.join("\n", lines) + "\n" + probe + " check " + (passed ? "passed" : "failed") + "\n";
    }
}
