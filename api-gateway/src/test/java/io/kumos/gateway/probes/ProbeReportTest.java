package io.kumos.gateway.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

class ProbeReportTest {

    private static JsonObject payload(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    @Test
    void passingChecksRenderLikeKubeApiserver() {
        ProbeReport report = ProbeReport.of("readyz", payload("""
                {"status":"UP","checks":[{"name":"grid","status":"UP"},{"name":"database","status":"UP"}]}"""));
        assertTrue(report.passed());
        assertEquals("[+]ping ok\n[+]grid ok\n[+]database ok\nreadyz check passed\n", report.render());
    }

    @Test
    void aFailingCheckFailsTheProbeAndSaysWhy() {
        ProbeReport report = ProbeReport.of("livez", payload("""
                {"status":"DOWN","checks":[{"name":"grid","status":"DOWN","data":{"reason":"connection refused"}},
                {"name":"database","status":"UP"}]}"""));
        assertFalse(report.passed());
        assertEquals("[+]ping ok\n[-]grid failed: {\"reason\":\"connection refused\"}\n[+]database ok\n"
                + "livez check failed\n", report.render());
    }

    @Test
    void aFailingCheckWithoutDataStillSaysItFailed() {
        ProbeReport report = ProbeReport.of("healthz", payload("""
                {"status":"DOWN","checks":[{"name":"grid","status":"DOWN"}]}"""));
        assertEquals("[+]ping ok\n[-]grid failed: reason unknown\nhealthz check failed\n", report.render());
    }
}
