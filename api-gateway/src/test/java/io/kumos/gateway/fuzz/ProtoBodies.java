package io.kumos.gateway.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;

import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Batch;

/**
 * Kubernetes protobuf bodies ({@code k8s\0} + {@code runtime.Unknown}) as kubectl 1.32+ sends them, built with
 * values that are often nasty (NUL, huge strings, extreme numbers and times, odd IntOrStrings and Quantities), and
 * sometimes broken on the wire (type meta of another kind, garbage inside, truncated, flipped, no magic).
 */
final class ProtoBodies {

    private static final byte[] MAGIC = {'k', '8', 's', 0};

    private final SplittableRandom random;
    private final JsonMutator bytes;

    ProtoBodies(SplittableRandom random, JsonMutator bytes) {
        this.random = random;
        this.bytes = bytes;
    }

    /** A body for an object of {@code kind} (kinds without a message here get one of another kind). */
    byte[] body(String kind, String apiVersion, String name) {
        Message message = message(kind, name);
        String typeApiVersion = apiVersion;
        String typeKind = kind;
        int twist = random.nextInt(12);
        if (twist == 0) {
            typeKind = random.nextBoolean() ? "Pod" : "Unknown" + random.nextInt(3);
        } else if (twist == 1) {
            typeApiVersion = random.nextBoolean() ? "v2" : "";
        }
        Runtime.Unknown.Builder envelope = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(typeApiVersion).setKind(typeKind))
                .setRaw(twist == 2 ? ByteString.copyFrom(bytes.randomBytes(random.nextInt(200)))
                        : message.toByteString());
        if (twist == 3) {
            envelope.setContentEncoding("gzip").setContentType("application/json");
        }
        byte[] body = concat(twist == 4 ? new byte[] {'k', '8', 's', 1} : MAGIC, envelope.build().toByteArray());
        return switch (random.nextInt(8)) {
            case 0 -> java.util.Arrays.copyOf(body, random.nextInt(body.length + 1));
            case 1 -> bytes.mutateText(body);
            default -> body;
        };
    }

    private Message message(String kind, String name) {
        Meta.ObjectMeta metadata = metadata(name);
        return switch (kind) {
            case "ConfigMap" -> V1.ConfigMap.newBuilder().setMetadata(metadata)
                    .putData(string(), string()).putData("k", string())
                    .putBinaryData("b", ByteString.copyFrom(bytes.randomBytes(random.nextInt(64)))).build();
            case "Secret" -> V1.Secret.newBuilder().setMetadata(metadata).setType(pick("Opaque", string()))
                    .putData("d", ByteString.copyFrom(bytes.randomBytes(random.nextInt(64))))
                    .putStringData("s", string()).build();
            case "Namespace" -> V1.Namespace.newBuilder().setMetadata(metadata).build();
            case "Service" -> V1.Service.newBuilder().setMetadata(metadata).setSpec(V1.ServiceSpec.newBuilder()
                    .setType(pick("ClusterIP", "NodePort", string())).putSelector("app", string())
                    .addPorts(V1.ServicePort.newBuilder().setPort(number()).setNodePort(number())
                            .setTargetPort(intOrString()).setProtocol(pick("TCP", "UDP", string())))).build();
            case "Deployment" -> V1Apps.Deployment.newBuilder().setMetadata(metadata)
                    .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(number())
                            .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", pick("web", string())))
                            .setTemplate(template())).build();
            case "Job" -> V1Batch.Job.newBuilder().setMetadata(metadata).setSpec(V1Batch.JobSpec.newBuilder()
                    .setCompletions(number()).setActiveDeadlineSeconds(random.nextLong()).setTemplate(template()))
                    .build();
            default -> V1.Pod.newBuilder().setMetadata(metadata).setSpec(template().getSpec())
                    .setStatus(V1.PodStatus.newBuilder().setPhase(pick("Running", string())).setStartTime(time()))
                    .build();
        };
    }

    private V1.PodTemplateSpec template() {
        V1.Container container = V1.Container.newBuilder().setName(pick("web", string()))
                .setImage(pick("kumos-test/busybox:2", string()))
                .addPorts(V1.ContainerPort.newBuilder().setContainerPort(number()))
                .setResources(V1.ResourceRequirements.newBuilder()
                        .putLimits("cpu", Resource.Quantity.newBuilder().setString(pick("1", "500m", string())).build()))
                .build();
        return V1.PodTemplateSpec.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().putLabels("app", pick("web", string())))
                .setSpec(V1.PodSpec.newBuilder().addContainers(container)
                        .setRestartPolicy(pick("Never", "Always", string()))
                        .setTerminationGracePeriodSeconds(random.nextInt(4) == 0 ? random.nextLong() : 30))
                .build();
    }

    private Meta.ObjectMeta metadata(String name) {
        Meta.ObjectMeta.Builder metadata = Meta.ObjectMeta.newBuilder().setName(random.nextInt(4) == 0 ? string() : name)
                .putLabels(pick("app", string()), pick("fuzz", string()));
        if (random.nextInt(3) == 0) {
            metadata.setCreationTimestamp(time()).setDeletionTimestamp(time()).setGeneration(random.nextLong())
                    .setResourceVersion(string()).setUid(string());
        }
        if (random.nextInt(3) == 0) {
            metadata.addManagedFields(Meta.ManagedFieldsEntry.newBuilder().setManager(string()).setTime(time())
                    .setOperation(pick("Update", "Apply", string())));
        }
        if (random.nextInt(4) == 0) {
            metadata.addOwnerReferences(Meta.OwnerReference.newBuilder().setApiVersion(string()).setKind(string())
                    .setName(string()).setUid(string()).setController(random.nextBoolean()));
        }
        return metadata.build();
    }

    private Meta.Time time() {
        return switch (random.nextInt(4)) {
            case 0 -> Meta.Time.newBuilder().setSeconds(random.nextLong()).setNanos(random.nextInt()).build();
            case 1 -> Meta.Time.newBuilder().setSeconds(Long.MAX_VALUE).build();
            case 2 -> Meta.Time.getDefaultInstance();
            default -> Meta.Time.newBuilder().setSeconds(1_700_000_000L + random.nextInt(1000)).build();
        };
    }

    private IntStr.IntOrString intOrString() {
        return IntStr.IntOrString.newBuilder().setType(random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(2))
                .setIntVal(number()).setStrVal(string()).build();
    }

    private int number() {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt();
            case 1 -> -1;
            default -> 1 + random.nextInt(40000);
        };
    }

    /**
     * A nasty string that protobuf can carry: a lone surrogate, which its encoder would turn into {@code ?} with a
     * logged warning, is the replacement character (invalid UTF-8 comes from the byte mutations instead).
     */
    private String string() {
        String nasty = NastyValues.string(random);
        return JsonMutator.loneSurrogate(nasty) ? nasty.replaceAll("[\\ud800-\\udfff]", "\ufffd") : nasty;
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(first.length + second.length);
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
