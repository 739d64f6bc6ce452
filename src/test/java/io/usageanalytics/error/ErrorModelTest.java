package io.usageanalytics.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.vertx.core.VertxException;

/** What each code carries, the shared messages, and how a failure's cause chain is read. */
class ErrorModelTest {

    @Test
    void statusAndRetryAreDataOfTheCode() {
        ApiException e = new ApiException(ErrorCode.BATCH_TOO_LARGE, "too many");
        assertEquals(ErrorCode.BATCH_TOO_LARGE, e.code());
        assertEquals(413, e.httpStatus());
        assertEquals("too many", e.getMessage());
        assertEquals(0, e.getStackTrace().length, "a client error carries no stack trace");
        assertTrue(ErrorCode.SERVICE_UNAVAILABLE.retryable());
        assertEquals(5, ErrorCode.SERVICE_UNAVAILABLE.retryAfterSeconds());
        assertEquals(503, ErrorCode.ROLLUP_BEHIND.httpStatus());
        assertEquals(60, ErrorCode.ROLLUP_BEHIND.retryAfterSeconds());
        for (ErrorCode code : ErrorCode.values()) {
            assertEquals(code == ErrorCode.SERVICE_UNAVAILABLE || code == ErrorCode.ROLLUP_BEHIND, code.retryable(),
                    code.name());
        }
    }

    @Test
    void aBareStatusGetsItsCode() {
        assertEquals(ErrorCode.UNAUTHENTICATED, ErrorCode.ofStatus(401));
        assertEquals(ErrorCode.FORBIDDEN, ErrorCode.ofStatus(403));
        assertEquals(ErrorCode.NOT_FOUND, ErrorCode.ofStatus(404));
        assertEquals(ErrorCode.BODY_TOO_LARGE, ErrorCode.ofStatus(413));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.ofStatus(415));
        assertEquals(ErrorCode.BAD_USER_INPUT, ErrorCode.ofStatus(405));
        assertEquals(ErrorCode.INTERNAL, ErrorCode.ofStatus(502));
    }

    @Test
    void aCompanyIdIsQuotedAtMost80CharactersLong() {
        ApiException e = ApiException.companyNotFound("x".repeat(5000));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals(404, e.httpStatus());
        assertEquals("No company with id '" + "x".repeat(77) + "...'", e.getMessage());
        assertEquals("No company with id 'acme'", ApiException.companyNotFound("acme").getMessage());
        assertEquals("No company with id 'null'", ApiException.companyNotFound(null).getMessage());
    }

    @Test
    void theSharedMessagesKeepTheirCodes() {
        ApiException spend = ApiException.spendNotEnabled("acme");
        assertEquals(ErrorCode.SPEND_NOT_ENABLED, spend.code());
        assertEquals(409, spend.httpStatus());
        assertEquals("Spend reporting is not enabled for company 'acme' (extra usage is off)", spend.getMessage());
        ApiException range = ApiException.figureOutOfRange();
        assertEquals(ErrorCode.FIGURE_OUT_OF_RANGE, range.code());
        assertEquals(422, range.httpStatus());
        assertEquals("The figure is larger than 9223372036854775807 and cannot be answered exactly", range.getMessage());
    }

    @Test
    void aKnownFailureIsFoundAnywhereInTheCauseChain() {
        ApiException api = ApiException.companyNotFound("acme");
        assertSame(api, Failures.known(new CompletionException(new RuntimeException(api))));

        ApiException unavailable = Failures.known(new RuntimeException(new ConnectException("refused")));
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, unavailable.code());
        assertEquals(503, unavailable.httpStatus());

        ApiException closed = Failures.known(new CompletionException(
                new VertxException("Connection is not active now, current status: CLOSED", true)));
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, closed.code());

        assertNull(Failures.known(new IllegalStateException("a bug", new IllegalArgumentException())));
    }

    @Test
    void anIssuerOutOfReachIsToldFromAnInvalidToken() {
        assertTrue(Failures.issuerUnreachable(new RuntimeException(new UnknownHostException("issuer"))));
        assertFalse(Failures.issuerUnreachable(new RuntimeException("signature does not match")));
    }
}
