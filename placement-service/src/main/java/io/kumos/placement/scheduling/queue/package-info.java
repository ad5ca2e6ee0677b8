/** The scheduling queue: active, back-off and unschedulable pods, moved on cluster events. */
package io.kumos.placement.scheduling.queue;
