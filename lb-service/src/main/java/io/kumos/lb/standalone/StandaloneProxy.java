package io.kumos.lb.standalone;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.kumos.lb.proxy.ListenerStatus;
import io.kumos.lb.proxy.TcpProxy;

/**
 * Runs lb-service's proxy (the same {@link TcpProxy} the service runs) from a {@link PlanFile}, without grid, API
 * or Quarkus: what {@code src/bench/lb-bench.sh} measures. From a packaged build:
 *
 * <pre>
 * java -cp 'lb-service/target/quarkus-app/lib/boot/*:lb-service/target/quarkus-app/lib/main/*:lb-service/target/quarkus-app/app/*' \
 *     io.kumos.lb.standalone.StandaloneProxy plan.txt
 * </pre>
 *
 * Prints one line per listener, then {@code ready}, and runs until killed.
 */
public final class StandaloneProxy {

    private StandaloneProxy() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: StandaloneProxy <plan-file>");
            System.exit(2);
        }
        PlanFile file = PlanFile.read(Path.of(args[0]));
        TcpProxy proxy = TcpProxy.start(file.settings());
        List<ListenerStatus> statuses = proxy.apply(file.plan());
        boolean allBound = true;
        for (ListenerStatus status : statuses) {
            allBound &= status.bound();
            System.out.println(status.address() + " -> " + status.service() + ": "
                    + (status.bound() ? "listening" : "FAILED " + status.error()));
        }
        if (!allBound) {
            proxy.close();
            System.exit(1);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.close();
            stopped.countDown();
        }, "standalone-proxy-stop"));
        System.out.println("ready (" + proxy.transport() + ")");
        stopped.await();
    }
}
