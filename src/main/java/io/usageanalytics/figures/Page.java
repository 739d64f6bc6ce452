package io.usageanalytics.figures;

import java.util.List;

import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;

/**
 * One page of a keyset-paginated list. A query reads one row more than the
 * page holds ({@link #rowsToRead}); that row only tells that more follow.
 */
public record Page<T>(List<T> rows, boolean more) {

    /** The page size asked for ({@code first}; null: the default), checked to lie in 1..max. */
    public static int size(Integer first, int defaultSize, int max) {
        // an explicit null (GraphQL passes it instead of the default) asks for the default page
        int size = first == null ? defaultSize : first;
        if (size < 1 || size > max) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "first must be between 1 and " + max + ", not " + size);
        }
        return size;
    }

    /** How many rows to read for a page of {@code size}. */
    public static int rowsToRead(int size) {
        return size + 1;
    }

    /** The page of {@code size} rows out of the {@link #rowsToRead} rows read. */
    public static <T> Page<T> of(List<T> read, int size) {
        boolean more = read.size() > size;
        return new Page<>(more ? read.subList(0, size) : read, more);
    }

    /** The last row of a page that has more after it: the one the next page's cursor follows. */
    public T last() {
        return rows.get(rows.size() - 1);
    }
}
