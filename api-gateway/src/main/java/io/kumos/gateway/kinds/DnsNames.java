package io.kumos.gateway.kinds;

import java.util.regex.Pattern;

/** The DNS-1123 name rules of Kubernetes, and how kube-apiserver words a name that breaks them. */
public final class DnsNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** Why a name is not a label (namespaces, container names). */
    public static final String LABEL_RULE = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
            + "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    /** Why a name is not a subdomain (most objects). */
    public static final String SUBDOMAIN_RULE = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
            + "'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*"
            + "[a-z0-9])?)*')";

    private DnsNames() {
    }

    /** A DNS-1123 label: at most 63 characters. */
    public static boolean isLabel(String name) {
        return name.length() <= 63 && LABEL.matcher(name).matches();
    }

    /** A DNS-1123 subdomain: at most 253 characters. */
    public static boolean isSubdomain(String name) {
        return name.length() <= 253 && hasSubdomainForm(name);
    }

    /** Made as a DNS-1123 subdomain is, whatever its length (upstream words the two faults apart). */
    public static boolean hasSubdomainForm(String name) {
        return SUBDOMAIN.matcher(name).matches();
    }
}
