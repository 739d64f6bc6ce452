package nativecheck.demo;

import org.graalvm.nativeimage.hosted.Feature;

/**
 * Makes the mistake reachable, as application code using the field would:
 * registers BuildTimeRandom.RANDOM as accessed, so its value (created at build
 * time because of --initialize-at-build-time) goes into the image heap.
 */
public final class BuildTimeRandomFeature implements Feature {

    @Override
    public String getDescription() {
        return "native-check failure demonstration: a build-time java.util.Random";
    }

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        try {
            access.registerAsAccessed(BuildTimeRandom.class.getDeclaredField("RANDOM"));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
