package io.usageanalytics.figures.days;

import java.util.Arrays;

/**
 * Collects ints, then hands them out sorted and without duplicates. Duplicates
 * are squeezed out whenever the array fills up, so a day's set of users takes
 * room for its distinct users, not for every event that named one.
 */
final class IntSet {

    private int[] values = new int[8];
    private int size;

    void add(int value) {
        if (size == values.length) {
            size = sortDistinct(values, size);
            if (size * 2 > values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
        }
        values[size++] = value;
    }

    void addAll(int[] more) {
        for (int value : more) {
            add(value);
        }
    }

    int[] toSortedArray() {
        int[] sorted = Arrays.copyOf(values, size);
        return Arrays.copyOf(sorted, sortDistinct(sorted, sorted.length));
    }

    /** Sorts the first {@code size} values and moves each distinct one to the front; returns their number. */
    private static int sortDistinct(int[] values, int size) {
        Arrays.sort(values, 0, size);
        int distinct = 0;
        for (int i = 0; i < size; i++) {
            if (i == 0 || values[i] != values[i - 1]) {
                values[distinct++] = values[i];
            }
        }
        return distinct;
    }
}
