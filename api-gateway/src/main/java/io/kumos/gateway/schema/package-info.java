/**
 * The shape of each kind, read from the fabric8 model classes: which fields exist and of what type. Strict field
 * validation, strategic merge patch and the OpenAPI schemas all read it, so they agree with each other.
 */
package io.kumos.gateway.schema;
