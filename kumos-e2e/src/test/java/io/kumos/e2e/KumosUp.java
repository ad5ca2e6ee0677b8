package io.kumos.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import io.kumos.testing.Command;
import io.kumos.testing.Kubectl;

/**
 * Tests that need a running Kumos: either one of the class's own, {@code ./kumos up} before the class and
 * {@code ./kumos down} after it, or, for a class annotated {@link SharedKumos}, the one it shares with the classes
 * of the same configuration, whose namespaces the class made are deleted after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(KumosUp.Lifecycle.class)
abstract class KumosUp {

    protected final KumosCli kumos;
    private final List<String> upArguments;
    private final boolean shared;
    /** The namespaces there were before a shared class ran: those it leaves besides are its own. */
    private Set<String> namespacesBefore = Set.of();

    /**
     * A Kumos of the class's own, in a fresh home.
     *
     * @param upArguments what {@code ./kumos up} is given besides "up", e.g. {@code --nodes 3}
     */
    protected KumosUp(String home, String... upArguments) {
        this(new KumosCli(home), upArguments);
    }

    /**
     * A Kumos of the class's own with settings of its own ({@link KumosCli#withEnv}), not started yet.
     *
     * @param upArguments what {@code ./kumos up} is given besides "up"
     */
    protected KumosUp(KumosCli kumos, String... upArguments) {
        this.kumos = kumos.fresh();
        this.upArguments = List.of(upArguments);
        this.shared = false;
    }

    /** The Kumos shared by the classes of the same {@link SharedKumos} configuration as this one's. */
    protected KumosUp() {
        SharedKumos configuration = getClass().getAnnotation(SharedKumos.class);
        if (configuration == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no @SharedKumos to share a Kumos by");
        }
        this.upArguments = List.of(configuration.value());
        this.kumos = RunningSharedKumos.cli(upArguments);
        this.shared = true;
    }

    private void up(ExtensionContext context) {
        if (shared) {
            RunningSharedKumos.ensureUp(context, upArguments);
            namespacesBefore = Set.copyOf(namespaces());
            return;
        }
        RunningSharedKumos.stop(context);
        kumos.up(upArguments);
    }

    private void down(ExtensionContext context) {
        if (!shared) {
            kumos.run("down");
            return;
        }
        List<String> left = namespaces().stream().filter(namespace -> !namespacesBefore.contains(namespace))
                .toList();
        if (left.isEmpty()) {
            return;
        }
        List<String> delete = new ArrayList<>(List.of("delete", "namespace", "--ignore-not-found", "--wait",
                "--timeout=120s"));
        delete.addAll(left);
        Command.Result deleted = Kubectl.version("1.33").run(kumos.kubeconfig(), delete.toArray(String[]::new));
        if (deleted.exitCode() != 0) {
            // What stays would run on in the next classes: they get a Kumos of their own instead.
            RunningSharedKumos.stop(context);
        }
        assertEquals(0, deleted.exitCode(), () -> "the namespaces " + left + " of " + getClass().getSimpleName()
                + " were not deleted: " + deleted);
    }

    private List<String> namespaces() {
        Command.Result listed = Kubectl.version("1.33").run(kumos.kubeconfig(), "get", "namespaces", "-o",
                "jsonpath={.items[*].metadata.name}");
        assertEquals(0, listed.exitCode(), listed::toString);
        return Arrays.asList(listed.output().trim().split("\\s+"));
    }

    /** Starts and stops the Kumos of each class, with the run's store at hand for the shared ones. */
    static final class Lifecycle implements BeforeAllCallback, AfterAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            ((KumosUp) context.getRequiredTestInstance()).up(context);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            ((KumosUp) context.getRequiredTestInstance()).down(context);
        }
    }
}
