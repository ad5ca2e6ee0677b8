package io.kumos.gateway.objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.gateway.status.ApiException;

/**
 * The uid precondition kube-apiserver applies to writes: a PUT or PATCH whose {@code metadata.uid} names another
 * object than the one stored under that name (it was deleted and created again meanwhile) is refused with 409
 * Conflict, as are a {@code v1.Binding}'s and a DeleteOptions' {@code preconditions.uid}. Controllers rely on it
 * (a kubelet's status patch carries the pod's uid) so that a write decided about one object never lands on its
 * successor. Pure; called inside an update's change function, on any thread.
 */
final class Preconditions {

    private Preconditions() {
    }

    /**
     * Throws 409 Conflict when {@code wanted} is non-empty and is not {@code actual}, the stored object's uid.
     *
     * @param qualifiedPlural what the message names: {@code pods}, {@code pods/binding}, {@code deployments.apps}
     */
    static void uid(String qualifiedPlural, String name, String wanted, String actual) {
        if (wanted != null && !wanted.isEmpty() && !wanted.equals(actual)) {
            throw ApiException.of(409, "Conflict", "Operation cannot be fulfilled on " + qualifiedPlural + " \""
                    + name + "\": Precondition failed: UID in precondition: " + wanted + ", UID in object meta: "
                    + actual);
        }
    }

    /** The uid an object sent by a client names, or "" when it names none. */
    static String uidOf(JsonNode object) {
        JsonNode uid = object.path("metadata").path("uid");
        return uid.isTextual() ? uid.asText() : "";
    }
}
