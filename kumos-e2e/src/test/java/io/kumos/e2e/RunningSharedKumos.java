package io.kumos.e2e;

import java.util.List;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link SharedKumos} that is up, kept in the root store of the test run so that JUnit closes it, with a
 * {@code ./kumos down}, when the run ends. At most one Kumos runs at a time: they all listen on the same fixed
 * ports.
 */
final class RunningSharedKumos implements AutoCloseable {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(RunningSharedKumos.class);

    private final List<String> upArguments;
    private final KumosCli kumos;

    private RunningSharedKumos(List<String> upArguments) {
        this.upArguments = upArguments;
        this.kumos = cli(upArguments).fresh();
    }

    /** The {@code ./kumos} of the shared Kumos started with these arguments: a home named after them. */
    static KumosCli cli(List<String> upArguments) {
        return new KumosCli("e2e-shared" + String.join("", upArguments).replace("--", "-"));
    }

    /** Makes sure the shared Kumos of these arguments is up: the one running, or a new one once any other is down. */
    static synchronized void ensureUp(ExtensionContext context, List<String> upArguments) {
        ExtensionContext.Store store = context.getRoot().getStore(STORE);
        RunningSharedKumos running = store.get(RunningSharedKumos.class, RunningSharedKumos.class);
        if (running != null && running.upArguments.equals(upArguments)) {
            return;
        }
        stop(context);
        RunningSharedKumos started = new RunningSharedKumos(upArguments);
        try {
            started.kumos.up(upArguments);
        } catch (AssertionError e) {
            started.close();
            throw e;
        }
        store.put(RunningSharedKumos.class, started);
    }

    /** Brings down the shared Kumos, if one is up, so that another can use the ports. */
    static synchronized void stop(ExtensionContext context) {
        RunningSharedKumos running = context.getRoot().getStore(STORE)
                .remove(RunningSharedKumos.class, RunningSharedKumos.class);
        if (running != null) {
            running.close();
        }
    }

    @Override
    public void close() {
        kumos.run("down");
    }
}
