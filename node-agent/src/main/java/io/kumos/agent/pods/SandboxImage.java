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
 * namespace: once per connection, or once per sandbox as a long-lived listener on a unix-domain socket (see
 * {@link ForwardSockets}).
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
     * The port forwarder, a 848-byte (120 of headers, 728 of code) static x86-64 program
     * ({@code src/main/asm/forward.S}, assembled with GNU as and {@code objcopy -O binary -j .text}), in two modes.
     *
     * <p>{@code kumos-forward PORT} connects to 127.0.0.1:PORT, then copies stdin to the connection (and half-closes
     * it at the end of stdin) in a forked child while it copies the connection to stdout (each closes the standard
     * streams it does not use, stderr included, so that the output ends when the pod's side does even while stdin
     * stays open), and exits 0 when the connection's side ends. When it cannot connect it exits with the errno (111
     * for a refused connection). This is the per-connection {@code docker exec}.
     *
     * <p>{@code kumos-forward /PATH} (an argument starting with {@code /}) listens on the unix-domain socket PATH
     * (replacing a stale file, mode 0777) and serves each accepted connection in a forked process: it reads the port
     * (2 bytes, network order), connects to 127.0.0.1:port, answers one byte, 0 when connected or else the errno,
     * and then relays as above with the accepted socket as stdin and stdout, half-closing it towards the agent when
     * the pod's side ends. Children are reaped by the kernel (SIGCHLD ignored). This is the long-lived forwarder.
     */
    public static byte[] forwardProgram() {
        return executable(java.util.HexFormat.of().parseHex(
            "488b742410803e2f0f84ff00000031c00fb61685d2740d83ea306bc00a01d048ffc6ebec86e04189c5e88c0000004885c078" +
            "7cb8390000000f054885c07870743831ffb8030000000f05bf02000000b8030000000f054d89e641bf01000000e82c020000" +
            "bf01000000be01000000b8300000000f0531ffeb3abf01000000b8030000000f05bf02000000b8030000000f054531f64d89" +
            "e7e8f40100004c89e7be01000000b8300000000f0531ffeb04f7d889c7b83c0000000f05bf02000000be0100000031d2b829" +
            "0000000f054885c0783a4989c44883ec1066c7042402006644896c2402c74424047f00000148c7442408000000004c89e748" +
            "89e6ba10000000b82a0000000f054883c410c34889f331ffb85f0000000f054883ec2048c704240100000048c74424080000" +
            "000048c74424100000000048c744241800000000bf110000004889e631d241ba08000000b80d0000000f054889dfb8570000" +
            "000f05bf01000000be0100000031d2b8290000000f054885c00f8832ffffff4889c54883ec7066c70424010031c98a040b88" +
            "440c02ffc184c0740a83f96b72eec6440c02004889ef4889e6ba6e000000b8310000000f054885c00f88f1feffff4889efbe" +
            "80000000b8320000000f054885c00f88d9feffff4889ef31f631d2b82b0000000f054885c078ed4889c3b8390000000f0548" +
            "85c0740c4889dfb8030000000f05ebd24889efb8030000000f054889df31f6b8210000000f054889dfbe01000000b8210000" +
            "000f054883fb01760a4889dfb8030000000f0531ff4889e6ba0200000041ba000100004531c04531c9b82d0000000f054883" +
            "f802752d440fb72c24e854fefffff7d8880424bf010000004889e6ba01000000b8010000000f05803c24000f84aafdffff31" +
            "ffe923feffff4881ec004000004c89f74889e6ba0040000031c00f054885c07e254889c34889e54c89ff4889ee4889dab801" +
            "0000000f054885c07e0a4801c54829c375e3ebc74881c400400000c3"));
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
