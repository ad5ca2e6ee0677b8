/**
 * The four ways a PATCH changes an object: JSON merge patch (RFC 7386), JSON patch (RFC 6902), Kubernetes'
 * strategic merge patch with its merge keys and directives, and server-side apply.
 */
package io.kumos.gateway.patch;
