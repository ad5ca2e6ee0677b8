package io.kumos.placement.scheduling.framework;

/** Image names as the scheduler compares them: one without a tag or digest is the {@code :latest} one. */
public final class ImageNames {

    private ImageNames() {
    }

    public static String normalized(String image) {
        int slash = image.lastIndexOf('/');
        String last = image.substring(slash + 1);
        return last.contains(":") || last.contains("@") ? image : image + ":latest";
    }
}
