package io.kumos.agent.pods;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;

/**
 * The image of pod sandboxes, the container that holds a pod's network namespace while its containers come and
 * go (Kubernetes' {@code pause}). No registry may be reachable, so the agent makes it itself: a root file system of
 * one file, {@code /pause}, a 129-byte static x86-64 program that calls {@code pause(2)} forever, built into the
 * engine as {@code kumos/pause:1} from a context the agent writes itself. On other architectures, name an image of
 * your own with {@code kumos.agent.sandbox-image}.
 *
 * <p>It also holds the port forwarder ({@link #forwardProgram()}), which the agent copies into a pod's sandbox on the
 * first {@code kubectl port-forward} to it and runs there with {@code docker exec}, inside the pod's network
 * namespace.
 */
public final class SandboxImage {

    static final String BUILT_IN = "kumos/pause:1";
    static final String ENTRYPOINT = "/pause";

    private SandboxImage() {
    }

    /** Makes sure the engine has the built-in image. */
    static void ensure(DockerClient docker) {
        try {
            docker.inspectImageCmd(BUILT_IN).exec();
        } catch (NotFoundException absent) {
            docker.buildImageCmd(new ByteArrayInputStream(buildContext())).withTags(java.util.Set.of(BUILT_IN))
                    .exec(new BuildImageResultCallback()).awaitImageId();
        }
    }

    /** A build context (a tar archive): the program and a Dockerfile that puts it in an empty image. */
    static byte[] buildContext() {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "Dockerfile", "FROM scratch\nCOPY pause /pause\nENTRYPOINT [\"/pause\"]\n"
                .getBytes(StandardCharsets.US_ASCII), "0000644");
        entry(tar, "pause", pauseProgram(), "0000755");
        tar.writeBytes(new byte[1024]);
        return tar.toByteArray();
    }

    private static void entry(ByteArrayOutputStream tar, String name, byte[] content, String mode) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, mode + "\0");
        put(header, 108, "0000000\0");
        put(header, 116, "0000000\0");
        put(header, 124, String.format("%011o\0", content.length));
        put(header, 136, "00000000000\0");
        put(header, 148, "        ");
        header[156] = '0';
        put(header, 257, "ustar\0");
        put(header, 263, "00");
        int checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        put(header, 148, String.format("%06o\0 ", checksum));
        tar.writeBytes(header);
        tar.writeBytes(content);
        tar.writeBytes(new byte[(512 - content.length % 512) % 512]);
    }

    /**
     * An ELF executable: one loadable segment at 0x400000 holding the headers and, at 0x78, the loop
     * {@code mov eax, 34 (pause); syscall; jmp back}.
     */
    static byte[] pauseProgram() {
        return executable(new byte[] {(byte) 0xb8, 0x22, 0, 0, 0, 0x0f, 0x05, (byte) 0xeb, (byte) 0xf7});
    }

    /** Where the agent puts the port forwarder in a sandbox. */
    public static final String FORWARDER = "/kumos-forward";

    /**
     * The port forwarder, a 429-byte (120 of headers, 309 of code) static x86-64 program
     * ({@code src/main/asm/forward.S}, assembled with GNU as and {@code objcopy -O binary -j .text}): {@code kumos-forward PORT} connects to 127.0.0.1:PORT, then copies stdin to
     * the connection (and half-closes it at the end of stdin) in a forked child while it copies the connection to
     * stdout (each closes the standard streams it does not use, stderr included, so that the output ends when the
     * pod's side does even while stdin stays open), and exits 0 when the connection's side ends. When it cannot connect it exits with the errno (111 for
     * a refused connection).
     */
    public static byte[] forwardProgram() {
        return executable(java.util.HexFormat.of().parseHex(
            "488b74241031c00fb61685d2740d83ea306bc00a01d048ffc6ebec86e04189c5bf02000000be0100000031d2b8290000000f" +
            "054885c00f88a60000004989c44883ec1066c7042402006644896c2402c74424047f00000148c7442408000000004c89e748" +
            "89e6ba10000000b82a0000000f054885c0786bb8390000000f054885c0785f742731ffb8030000000f05bf02000000b80300" +
            "00000f054d89e641bf01000000e84500000031ffeb3abf01000000b8030000000f05bf02000000b8030000000f054531f64d" +
            "89e7e81e0000004c89e7be01000000b8300000000f0531ffeb04f7d889c7b83c0000000f054881ec004000004c89f74889e6" +
            "ba0040000031c00f054885c07e254889c34889e54c89ff4889ee4889dab8010000000f054885c07e0a4801c54829c375e3eb" +
            "c74881c400400000c3"));
    }

    /** A tar archive of the port forwarder, for {@code docker cp} into a sandbox's root. */
    public static byte[] forwarderArchive() {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, FORWARDER.substring(1), forwardProgram(), "0000755");
        tar.writeBytes(new byte[1024]);
        return tar.toByteArray();
    }

    private static byte[] executable(byte[] code) {
        int headers = 64 + 56;
        ByteBuffer elf = ByteBuffer.allocate(headers + code.length).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        elf.putShort((short) 2).putShort((short) 0x3e).putInt(1);          // executable, x86-64, version 1
        elf.putLong(0x400000L + headers).putLong(64).putLong(0);            // entry, program headers, no sections
        elf.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1);
        elf.putShort((short) 0).putShort((short) 0).putShort((short) 0);
        elf.putInt(1).putInt(5).putLong(0);                                // PT_LOAD, read+execute, from offset 0
        elf.putLong(0x400000L).putLong(0x400000L);
        elf.putLong(headers + code.length).putLong(headers + code.length).putLong(0x1000);
        elf.put(code);
        return elf.array();
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
