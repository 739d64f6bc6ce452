package nativecheck.demo;

import java.util.Random;

/**
 * A deliberate native-image mistake, for native-check/prove-failure.sh only
 * (never part of the service): a class holding a random number generator in a
 * static field, forced to build-time initialisation. Its seed would be fixed
 * when the image is built, so every run of the executable would draw the same
 * "random" numbers; the image builder refuses such an object in the image heap.
 */
public final class BuildTimeRandom {

    static final Random RANDOM = new Random();

    private BuildTimeRandom() {
    }

    public static int next() {
        return RANDOM.nextInt();
    }
}
