package io.kumos.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.kumos.testing.Command;

/**
 * The node namespaces of a Kumos up with {@code KUMOS_POD_NETWORK=overlay}, seen with iproute2 as an operator
 * would: how the kernel would route an address (on the machine or in a node), the VXLAN device's entries and
 * counters. Needs root, as the overlay does.
 */
final class NodeNamespaces {

    /** The machine's own namespace. */
    static final String MACHINE = "";

    private final KumosCli kumos;

    NodeNamespaces(KumosCli kumos) {
        this.kumos = kumos;
    }

    /** Node i's namespace, as {@code ./kumos up} names it. */
    String of(int node) {
        return kumos.cluster() + "-node-" + node;
    }

    /** An iproute2 command in a namespace ({@link #MACHINE} for the machine's), with its exit code and output. */
    Command.Result ip(String namespace, String... args) {
        List<String> command = new ArrayList<>();
        if (!namespace.isEmpty()) {
            command.addAll(List.of("ip", "netns", "exec", namespace));
        }
        command.addAll(List.of(args));
        return Command.run(KumosCli.REPO, Map.of(), Duration.ofSeconds(10), command);
    }

    /** An iproute2 command that must succeed; its output. */
    String ok(String namespace, String... args) {
        Command.Result result = ip(namespace, args);
        assertEquals(0, result.exitCode(), () -> String.join(" ", args) + " in " + namespace + ": " + result);
        return result.output();
    }

    /** {@code ip route get}: how the namespace would send to that address (an error when it would not). */
    Command.Result routeTo(String namespace, String address) {
        return ip(namespace, "ip", "route", "get", address);
    }

    /** The default route's gateway in a namespace, or empty if it has none. */
    String defaultGateway(String namespace) {
        String[] words = ok(namespace, "ip", "route", "show", "default").trim().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("via")) {
                return words[i + 1];
            }
        }
        return "";
    }

    /** How many packets the node's VXLAN device has sent. */
    long vxlanSent(int node) {
        String[] lines = ok(of(node), "ip", "-s", "link", "show", "kumos.1").split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].trim().startsWith("TX:")) {
                return Long.parseLong(lines[i + 1].trim().split("\\s+")[1]);
            }
        }
        throw new AssertionError("no TX counters for kumos.1 in " + of(node));
    }
}
