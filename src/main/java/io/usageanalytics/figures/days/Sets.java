package io.usageanalytics.figures.days;

/** Sets of ordinals as sorted int arrays without duplicates, as {@link Day} keeps them. */
public final class Sets {

    private Sets() {
    }

    /** The members of either set, sorted, each once. */
    public static int[] union(int[] a, int[] b) {
        int[] merged = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            int next;
            if (j == b.length || (i < a.length && a[i] < b[j])) {
                next = a[i++];
            } else if (i == a.length || b[j] < a[i]) {
                next = b[j++];
            } else {
                next = a[i++];
                j++;
            }
            merged[n++] = next;
        }
        return n == merged.length ? merged : java.util.Arrays.copyOf(merged, n);
    }
}
