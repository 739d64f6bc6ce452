package io.usageanalytics.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;

/** Page sizes are checked in one place; a page is the rows asked for, and says whether more follow. */
class PageTest {

    @Test
    void sizeIsTheDefaultWhenNotGivenAndRefusedOutsideItsBounds() {
        assertEquals(50, Page.size(null, 50, 500));
        assertEquals(1, Page.size(1, 50, 500));
        assertEquals(500, Page.size(500, 50, 500));
        for (int wrong : new int[] { 0, -1, 501, Integer.MIN_VALUE, Integer.MAX_VALUE }) {
            ApiException e = assertThrows(ApiException.class, () -> Page.size(wrong, 50, 500));
            assertEquals(ErrorCode.BAD_USER_INPUT, e.code());
            assertEquals("first must be between 1 and 500, not " + wrong, e.getMessage());
        }
    }

    @Test
    void aPageIsTheFirstSizeRowsAndKnowsWhetherMoreFollow() {
        assertEquals(4, Page.rowsToRead(3));
        Page<String> full = Page.of(List.of("a", "b", "c", "d"), 3);
        assertEquals(List.of("a", "b", "c"), full.rows());
        assertTrue(full.more());
        assertEquals("c", full.last());

        Page<String> exact = Page.of(List.of("a", "b", "c"), 3);
        assertEquals(List.of("a", "b", "c"), exact.rows());
        assertFalse(exact.more());

        Page<String> empty = Page.of(List.of(), 3);
        assertEquals(List.of(), empty.rows());
        assertFalse(empty.more());
    }

    @Test
    void sharesAndChangesHaveFourDecimals() {
        assertEquals(0.3333, Rounding.share(1, 3));
        assertEquals(0.6667, Rounding.share(2, 3));
        assertEquals(1.0, Rounding.share(7, 7));
        assertNull(Rounding.share(5, 0));
        assertEquals(12.3457, Rounding.fourDecimals(12.345678));
        assertEquals(-0.1235, Rounding.fourDecimals(-0.12345678));
    }
}
