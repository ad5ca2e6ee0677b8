package io.kumos.gateway.store;

/** A write or read the record refused; {@link #reason()} says which rule it broke. */
public class RecordException extends RuntimeException {

    /** Why the record refused. */
    public enum Reason {
        /** A create found an object of that key already there. */
        ALREADY_EXISTS,
        /** An update or delete found no object of that key. */
        NOT_FOUND,
        /** An update or delete named a resourceVersion that is no longer the object's. */
        CONFLICT,
        /** A create named a namespace that does not exist. */
        NAMESPACE_NOT_FOUND,
        /** A create named a namespace that is being deleted. */
        NAMESPACE_TERMINATING
    }

    private final Reason reason;
    private final ObjectKey key;

    private RecordException(Reason reason, ObjectKey key, String message) {
        super(message);
        this.reason = reason;
        this.key = key;
    }

    public static RecordException alreadyExists(ObjectKey key) {
        return new RecordException(Reason.ALREADY_EXISTS, key, key + " already exists");
    }

    public static RecordException notFound(ObjectKey key) {
        return new RecordException(Reason.NOT_FOUND, key, key + " not found");
    }

    public static RecordException conflict(ObjectKey key, long expected) {
        return new RecordException(Reason.CONFLICT, key, "Operation cannot be fulfilled on " + key
                + ": the object has been modified (resourceVersion " + expected + " is stale); "
                + "please apply your changes to the latest version and try again");
    }

    public static RecordException namespaceNotFound(ObjectKey namespace) {
        return new RecordException(Reason.NAMESPACE_NOT_FOUND, namespace, namespace + " not found");
    }

    public static RecordException namespaceTerminating(ObjectKey namespace) {
        return new RecordException(Reason.NAMESPACE_TERMINATING, namespace, namespace + " is being terminated");
    }

    public Reason reason() {
        return reason;
    }

    public ObjectKey key() {
        return key;
    }
}
