package io.kumos.gateway.fuzz;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The valid objects the fuzzer starts from, one or more per kind: what kubectl would send for a create. Each is a
 * template whose {@code NAME} is replaced by the object's name.
 */
final class FuzzSeeds {

    /** A kind the fuzzer writes: where its objects live and a valid object of it. */
    record Seed(String kind, String collection, boolean namespaced, List<String> subresources, String template) {

        /** The collection's path; {@code NS} stands for the test's namespace. */
        String collectionPath(String namespace) {
            return collection.replace("NS", namespace);
        }

        ObjectNode object(ObjectMapper json, String name) {
            try {
                return (ObjectNode) json.readTree(template.replace("NAME", name));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a seed that is not JSON: " + kind, e);
            }
        }
    }

    static final List<Seed> ALL = List.of(
            new Seed("ConfigMap", "/api/v1/namespaces/NS/configmaps", true, List.of(), """
                    {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"NAME","labels":{"app":"fuzz"},
                     "annotations":{"note":"a seed"}},
                     "data":{"color":"blue","config.yaml":"a: 1\\nb: [x, y]\\n"},"binaryData":{"blob":"AAEC"}}
                    """),
            new Seed("Secret", "/api/v1/namespaces/NS/secrets", true, List.of(), """
                    {"apiVersion":"v1","kind":"Secret","metadata":{"name":"NAME"},"type":"Opaque",
                     "data":{"password":"c2VjcmV0"},"stringData":{"user":"admin"}}
                    """),
            new Seed("Pod", "/api/v1/namespaces/NS/pods", true, List.of("status"), """
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"NAME","labels":{"app":"web"}},
                     "spec":{"restartPolicy":"Always","terminationGracePeriodSeconds":30,
                      "nodeSelector":{"disk":"ssd"},
                      "tolerations":[{"key":"k","operator":"Equal","value":"v","effect":"NoExecute",
                        "tolerationSeconds":60}],
                      "volumes":[{"name":"conf","configMap":{"name":"web-conf"}},{"name":"tmp","emptyDir":{}}],
                      "containers":[{"name":"web","image":"kumos-test/busybox:2","command":["httpd","-f"],
                       "args":["-p","8080"],"ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],
                       "env":[{"name":"MODE","value":"fuzz"},{"name":"POD","valueFrom":{"fieldRef":
                         {"fieldPath":"metadata.name"}}}],
                       "resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":"1","memory":"128Mi"}},
                       "readinessProbe":{"httpGet":{"path":"/","port":"http"},"periodSeconds":5},
                       "livenessProbe":{"tcpSocket":{"port":8080},"initialDelaySeconds":3},
                       "volumeMounts":[{"name":"conf","mountPath":"/etc/web"}]}]}}
                    """),
            new Seed("Service", "/api/v1/namespaces/NS/services", true, List.of("status"), """
                    {"apiVersion":"v1","kind":"Service","metadata":{"name":"NAME"},
                     "spec":{"type":"NodePort","selector":{"app":"web"},"sessionAffinity":"None",
                      "ports":[{"name":"http","port":80,"targetPort":"http","protocol":"TCP"},
                               {"name":"alt","port":8443,"targetPort":8443}]}}
                    """),
            new Seed("Namespace", "/api/v1/namespaces", false, List.of("status"), """
                    {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"NAME","labels":{"team":"fuzz"}}}
                    """),
            new Seed("ServiceAccount", "/api/v1/namespaces/NS/serviceaccounts", true, List.of(), """
                    {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"NAME"},
                     "automountServiceAccountToken":false,"imagePullSecrets":[{"name":"registry"}]}
                    """),
            new Seed("Deployment", "/apis/apps/v1/namespaces/NS/deployments", true, List.of("status", "scale"), """
                    {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"NAME","labels":{"app":"web"}},
                     "spec":{"replicas":2,"revisionHistoryLimit":3,"progressDeadlineSeconds":600,
                      "selector":{"matchLabels":{"app":"web"},
                       "matchExpressions":[{"key":"tier","operator":"In","values":["front"]}]},
                      "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}},
                      "template":{"metadata":{"labels":{"app":"web","tier":"front"}},
                       "spec":{"containers":[{"name":"web","image":"kumos-test/busybox:2",
                        "ports":[{"containerPort":8080}]}]}}}}
                    """),
            new Seed("Job", "/apis/batch/v1/namespaces/NS/jobs", true, List.of("status"), """
                    {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"NAME"},
                     "spec":{"completions":3,"parallelism":2,"backoffLimit":4,"activeDeadlineSeconds":120,
                      "ttlSecondsAfterFinished":60,
                      "template":{"spec":{"restartPolicy":"Never","containers":[{"name":"work",
                       "image":"kumos-test/busybox:2","command":["sh","-c","echo done"]}]}}}}
                    """),
            new Seed("CronJob", "/apis/batch/v1/namespaces/NS/cronjobs", true, List.of("status"), """
                    {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"NAME"},
                     "spec":{"schedule":"*/5 * * * *","timeZone":"Europe/Zurich","concurrencyPolicy":"Forbid",
                      "startingDeadlineSeconds":30,"successfulJobsHistoryLimit":2,
                      "jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"OnFailure",
                       "containers":[{"name":"tick","image":"kumos-test/busybox:2","args":["date"]}]}}}}}}
                    """),
            new Seed("HorizontalPodAutoscaler", "/apis/autoscaling/v2/namespaces/NS/horizontalpodautoscalers", true,
                    List.of("status"), """
                    {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"NAME"},
                     "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},
                      "minReplicas":1,"maxReplicas":5,"metrics":[{"type":"Resource","resource":{"name":"cpu",
                       "target":{"type":"Utilization","averageUtilization":80}}}]}}
                    """),
            new Seed("Lease", "/apis/coordination.k8s.io/v1/namespaces/NS/leases", true, List.of(), """
                    {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"NAME"},
                     "spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,
                      "renewTime":"2026-01-01T00:00:00.000000Z"}}
                    """));

    private FuzzSeeds() {
    }
}
