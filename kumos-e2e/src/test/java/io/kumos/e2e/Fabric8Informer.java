package io.kumos.e2e;

import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * A shared informer of fabric8's kubernetes-client (list, watch with bookmarks, resync) on the ConfigMaps of a
 * namespace, with its client configured from the URL alone, never from the user's kubeconfig.
 */
final class Fabric8Informer implements AutoCloseable {

    private final KubernetesClient client;
    private final SharedIndexInformer<ConfigMap> informer;
    private final Mirror mirror = new Mirror();

    Fabric8Informer(String url, String namespace, long resyncMillis) {
        client = new KubernetesClientBuilder().withConfig(client(url)).build();
        informer = client.configMaps().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap object) {
                mirror.added(object.getMetadata().getName(), entry(object));
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap object) {
                mirror.updated(object.getMetadata().getName(), old.getMetadata().getResourceVersion(),
                        object.getMetadata().getResourceVersion(), entry(object));
            }

            @Override
            public void onDelete(ConfigMap object, boolean finalStateUnknown) {
                mirror.deleted(object.getMetadata().getName());
            }
        }, resyncMillis);
    }

    /** A client of the URL alone, with fabric8's defaults, never the user's kubeconfig. */
    static Config client(String url) {
        return new ConfigBuilder(Config.empty()).withMasterUrl(url).build();
    }

    Mirror mirror() {
        return mirror;
    }

    /** The informer's own cache (its indexer), in the same form. */
    Map<String, String> cache() {
        return informer.getStore().list().stream().collect(Collectors.toMap(object -> object.getMetadata()
                .getName(), Fabric8Informer::entry));
    }

    boolean watching() {
        return informer.isWatching();
    }

    static String entry(ConfigMap object) {
        return Mirror.entry(object.getMetadata().getResourceVersion(), object.getData());
    }

    @Override
    public void close() {
        informer.close();
        client.close();
    }
}
