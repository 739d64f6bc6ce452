package io.usageanalytics.export.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import io.smallrye.mutiny.Multi;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;
import io.usageanalytics.figures.Ranges;
import io.usageanalytics.time.DateRange;

/** What every download shares: the range of its query string, its file name, a header line before its rows. */
final class Downloads {

    private Downloads() {
    }

    /** The range of {@code ?from=&to=}, checked like a GraphQL range; BAD_USER_INPUT saying what is wrong. */
    static DateRange range(Ranges ranges, String from, String to) {
        if (from == null || to == null) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "Give the range as ?from=YYYY-MM-DD&to=YYYY-MM-DD");
        }
        try {
            return ranges.checked(new DateRange(LocalDate.parse(from), LocalDate.parse(to)));
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "from and to must be ISO dates such as 2026-11-01");
        }
    }

    static String attachment(String fileName) {
        return "attachment; filename=\"" + fileName + "\"";
    }

    static Multi<String> withHeader(String header, Multi<String> lines) {
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(header), lines);
    }
}
