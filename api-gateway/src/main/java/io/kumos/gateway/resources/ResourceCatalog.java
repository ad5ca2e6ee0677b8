package io.kumos.gateway.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kumos.gateway.resources.ResourceType.Subresource;

/**
 * Every resource the gateway serves: the single list that discovery, OpenAPI, routing and printing read.
 * Resources are added here as the API grows.
 */
@ApplicationScoped
public class ResourceCatalog {

    private static final List<String> READ_WRITE = List.of("get", "patch", "update");

    private static final List<ResourceType> TYPES = List.of(
            core("namespaces", "Namespace", Namespace.class).clusterScoped().shortNames("ns")
                    .fields("status.phase").status().build(),
            core("pods", "Pod", Pod.class).shortNames("po").categories("all")
                    .fields("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                            "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName")
                    .status()
                    .sub("binding", "", "v1", "Binding", "create")
                    .sub("eviction", "policy", "v1", "Eviction", "create")
                    .sub("log", "", "v1", "Pod", "get")
                    .sub("exec", "", "v1", "PodExecOptions", "create", "get")
                    .sub("attach", "", "v1", "PodAttachOptions", "create", "get")
                    .sub("portforward", "", "v1", "PodPortForwardOptions", "create", "get")
                    .build(),
            core("nodes", "Node", Node.class).clusterScoped().shortNames("no").fields("spec.unschedulable")
                    .status().build(),
            core("services", "Service", Service.class).shortNames("svc").categories("all")
                    .fields("spec.clusterIP", "spec.type").status().build(),
            core("endpoints", "Endpoints", Endpoints.class).shortNames("ep").singular("endpoints").build(),
            core("configmaps", "ConfigMap", ConfigMap.class).shortNames("cm").build(),
            core("secrets", "Secret", Secret.class).fields("type").build(),
            core("serviceaccounts", "ServiceAccount", ServiceAccount.class).shortNames("sa").build(),
            core("events", "Event", Event.class).shortNames("ev")
                    .fields("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                            "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                            "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type")
                    .build(),
            type("apps", "v1", "deployments", "Deployment", Deployment.class).shortNames("deploy")
                    .categories("all").scale().status().build(),
            type("apps", "v1", "replicasets", "ReplicaSet", ReplicaSet.class).shortNames("rs").categories("all")
                    .fields("status.replicas").scale().status().build(),
            type("batch", "v1", "jobs", "Job", Job.class).categories("all").fields("status.successful")
                    .status().build(),
            type("batch", "v1", "cronjobs", "CronJob", CronJob.class).shortNames("cj").categories("all")
                    .status().build(),
            // v2 first: the preferred version, and the one stored; v1 is a conversion of it.
            type("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class)
                    .shortNames("hpa").categories("all").status().build(),
            type("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler.class)
                    .shortNames("hpa").categories("all").status().build(),
            type("coordination.k8s.io", "v1", "leases", "Lease", Lease.class).build(),
            type("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", EndpointSlice.class).build());

    public List<ResourceType> all() {
        return TYPES;
    }

    /** The resources of one group-version ({@code ""} for core). */
    public List<ResourceType> of(String group, String version) {
        return TYPES.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }

    public Optional<ResourceType> find(String group, String version, String plural) {
        return of(group, version).stream().filter(t -> t.plural().equals(plural)).findFirst();
    }

    /** The stored version of the resource the record keeps under that name ({@code apps/deployments}). */
    public Optional<ResourceType> stored(String recordName) {
        return TYPES.stream().filter(t -> t.recordName().equals(recordName)).findFirst();
    }

    /** The named groups (not core), in the order they were first listed. */
    public List<String> groups() {
        return TYPES.stream().map(ResourceType::group).filter(g -> !g.isEmpty()).distinct().toList();
    }

    /** The versions of a group, the preferred one first. */
    public List<String> versions(String group) {
        return TYPES.stream().filter(t -> t.group().equals(group)).map(ResourceType::version).distinct().toList();
    }

    private static Builder core(String plural, String kind, Class<?> model) {
        return type("", "v1", plural, kind, model);
    }

    private static Builder type(String group, String version, String plural, String kind, Class<?> model) {
        return new Builder(group, version, plural, kind, model);
    }

    /** Reads as the catalog's entries do: only what differs from the common case is said. */
    private static final class Builder {
        private final String group;
        private final String version;
        private final String plural;
        private final String kind;
        private final Class<?> model;
        private String singular;
        private boolean namespaced = true;
        private List<String> shortNames = List.of();
        private List<String> categories = List.of();
        private Set<String> fieldLabels = Set.of();
        private final List<Subresource> subresources = new ArrayList<>();

        Builder(String group, String version, String plural, String kind, Class<?> model) {
            this.group = group;
            this.version = version;
            this.plural = plural;
            this.kind = kind;
            this.model = model;
            this.singular = kind.toLowerCase();
        }

        Builder clusterScoped() {
            namespaced = false;
            return this;
        }

        Builder singular(String name) {
            singular = name;
            return this;
        }

        Builder shortNames(String... names) {
            shortNames = List.of(names);
            return this;
        }

        Builder categories(String... names) {
            categories = List.of(names);
            return this;
        }

        Builder fields(String... labels) {
            fieldLabels = Set.of(labels);
            return this;
        }

        Builder status() {
            return sub(Subresource.STATUS, group, version, kind, READ_WRITE.toArray(String[]::new));
        }

        Builder scale() {
            return sub(Subresource.SCALE, "autoscaling", "v1", "Scale", READ_WRITE.toArray(String[]::new));
        }

        Builder sub(String name, String subGroup, String subVersion, String subKind, String... verbs) {
            subresources.add(new Subresource(name, subGroup, subVersion, subKind, List.of(verbs)));
            return this;
        }

        ResourceType build() {
            return new ResourceType(group, version, plural, singular, kind, namespaced, shortNames, categories,
                    fieldLabels, List.copyOf(subresources), model);
        }
    }
}
