package io.kumos.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link KumosUp} class that runs against a Kumos shared with every other class asking for the same
 * {@code ./kumos up} arguments, rather than paying 25–40 s for an {@code up} and a {@code down} of its own: the
 * first of them starts it, and it is brought down once the run ends (or before a class needs another Kumos, the
 * ports being fixed). Such a class must leave the cluster as it found it, without counting on being alone in it:
 * it works in namespaces of its own, which {@link KumosUp} deletes after the class, and it leaves every process of
 * Kumos running. A class that stops a service for good, tests {@code up} or {@code down}, or needs settings of its
 * own runs its own Kumos instead.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface SharedKumos {

    /** What {@code ./kumos up} is given besides "up", e.g. {@code {"--nodes", "2"}}. */
    String[] value();
}
