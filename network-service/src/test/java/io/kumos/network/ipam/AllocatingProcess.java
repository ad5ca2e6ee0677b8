package io.kumos.network.ipam;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.client.hotrod.configuration.ConfigurationBuilder;
import org.infinispan.client.hotrod.configuration.NearCacheMode;

import io.kumos.grid.GridCaches;
import io.kumos.grid.GridSchemaImpl;

/**
 * A separate OS process allocating from the real ledger with the same {@link Ipam} rules, as a second
 * network-service replica would: between processes only the grid's conditional writes keep addresses unique.
 * Started by {@link AllocatorJvm}.
 *
 * <pre>
 * AllocatingProcess &lt;grid hosts&gt; &lt;cluster cidr&gt; &lt;subnet prefix&gt; &lt;node grace&gt; &lt;mode&gt; …
 *   allocate &lt;node&gt; &lt;pod prefix&gt; &lt;pods&gt; &lt;threads&gt; [&lt;subnet node&gt;…]
 *   churn &lt;node&gt; &lt;pod prefix&gt; &lt;window&gt; &lt;seconds&gt;
 * </pre>
 * It prints {@code ready} once connected and waits for a line on stdin, so that several processes start racing
 * together; then a line per step: {@code subnet <node> <cidr>} and {@code address <uid> <address>} once given,
 * {@code releasing <uid>} before giving back; {@code done} at the end.
 */
public final class AllocatingProcess {

    private AllocatingProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (RemoteCacheManager grid = connect(args[0])) {
            Ipam ipam = new Ipam(grid, Cidr.parse(args[1]), Integer.parseInt(args[2]), Duration.parse(args[3]));
            ipam.ledger().containsKey("ready"); // connected, and the cache opened, before the race starts
            System.out.println("ready");
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            String node = args[5];
            String podPrefix = args[6];
            switch (args[4]) {
                case "allocate" -> allocate(ipam, node, podPrefix, Integer.parseInt(args[7]),
                        Integer.parseInt(args[8]), List.of(args).subList(9, args.length));
                case "churn" -> churn(ipam, node, podPrefix, Integer.parseInt(args[7]),
                        Duration.ofSeconds(Long.parseLong(args[8])));
                default -> throw new IllegalArgumentException("no such mode: " + args[4]);
            }
            System.out.println("done");
        }
    }

    /** Claims the subnets, then the pods' addresses, from several threads at once. */
    private static void allocate(Ipam ipam, String node, String podPrefix, int pods, int threads,
            List<String> subnetNodes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
            int first = thread;
            work.add(pool.submit(() -> {
                for (int i = 0; i < subnetNodes.size(); i++) {
                    String subnetNode = subnetNodes.get((i + first) % subnetNodes.size());
                    System.out.println("subnet " + subnetNode + " " + ipam.subnetOf(subnetNode));
                }
                for (int pod = first; pod < pods; pod += threads) {
                    System.out.println("address " + podPrefix + pod + " " + ipam.addressOf(podPrefix + pod, node));
                }
            }));
        }
        for (Future<?> done : work) {
            done.get();
        }
        pool.shutdown();
    }

    /** Allocates pod after pod, giving back the address of the pod {@code window} before, until killed. */
    private static void churn(Ipam ipam, String node, String podPrefix, int window, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        for (int pod = 0; System.nanoTime() < deadline; pod++) {
            System.out.println("address " + podPrefix + pod + " " + ipam.addressOf(podPrefix + pod, node));
            if (pod >= window) {
                System.out.println("releasing " + podPrefix + (pod - window));
                ipam.release(podPrefix + (pod - window));
            }
        }
    }

    /** A Hot Rod client of the grid configured as the services' (kumos-grid's microprofile-config.properties). */
    private static RemoteCacheManager connect(String hosts) throws IOException {
        ConfigurationBuilder builder = new ConfigurationBuilder();
        builder.addServers(hosts).addContextInitializer(new GridSchemaImpl());
        builder.remoteCache(GridCaches.IPAM).configuration(resource("kumos/grid/caches/kumos-ipam.xml"))
                .nearCacheMode(NearCacheMode.DISABLED);
        return new RemoteCacheManager(builder.build());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = AllocatingProcess.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
