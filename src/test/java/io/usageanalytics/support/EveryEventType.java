package io.usageanalytics.support;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Events of every type for one company over two UTC days, in two parts: the
 * second adds to the same users, chats, assistants, spenders and invites as the
 * first, so a day can be rolled up in part.
 */
public final class EveryEventType {

    private EveryEventType() {
    }

    public static String part(int part, String c, LocalDate first) {
        LocalDate second = first.plusDays(1);
        Map<String, String> web = Map.of("platform", "web", "deployment", "prod");
        Map<String, String> ios = Map.of("platform", "ios");
        Events events = Events.batch();
        if (part == 1) {
            events.add(c, at(first, 1), "USER_ACTIVE", "userId", "u1", "appVersion", "1.0", "environment", web)
                    .add(c, at(first, 2), "CHAT_CREATED", "userId", "u1", "chatId", "c1")
                    .add(c, at(first, 3), "USER_MESSAGE", "userId", "u1", "chatId", "c1", "assistantId", "X", "module", "M")
                    .add(c, at(first, 4), "ASSISTANT_MESSAGE", "chatId", "c1", "assistantId", "X", "module", "M")
                    .add(c, at(first, 5), "FOLDER_CREATED", "userId", "u2", "folderKind", "PROJECT")
                    .add(c, at(first, 6), "FOLDER_CREATED", "userId", "u2", "folderKind", "OTHER")
                    .add(c, at(first, 7), "GROUP_CREATED", "userId", "u2")
                    .add(c, at(first, 8), "SPACE_CREATED", "userId", "u2")
                    .add(c, at(first, 9), "ARTIFACT_CREATED", "userId", "u1", "environment", ios)
                    .add(c, at(first, 10), "PROJECT_USED", "userId", "u1", "projectId", "p1")
                    .add(c, at(first, 11), "CONNECTOR_USED", "userId", "u1", "connector", "jira")
                    .add(c, at(first, 12), "INVITE_SENT", "inviteId", "i1", "userId", "u1")
                    .add(c, at(first, 13), "FEEDBACK", "userId", "u1", "rating", "POSITIVE", "assistantId", "X")
                    .add(c, at(first, 14), "SPEND", "userId", "u1", "model", "gpt", "amountMicros", 1_000)
                    .add(c, at(second, 1), "USER_MESSAGE", "userId", "u3", "chatId", "c2")
                    .add(c, at(second, 2), "INVITE_SENT", "inviteId", "i2");
        } else {
            events.add(c, at(first, 15), "USER_MESSAGE", "userId", "u2", "chatId", "c1", "assistantId", "X", "module", "M")
                    .add(c, at(first, 16), "ASSISTANT_MESSAGE", "chatId", "c1", "userId", "u1", "assistantId", "X",
                            "module", "M", "appVersion", "1.0", "environment", web)
                    .add(c, at(first, 17), "ARTIFACT_CREATED", "userId", "u1")
                    .add(c, at(first, 18), "FOLDER_CREATED", "userId", "u1", "folderKind", "PROJECT")
                    .add(c, at(first, 19), "PROJECT_USED", "userId", "u1", "projectId", "p1")
                    .add(c, at(first, 20), "PROJECT_USED", "userId", "u2", "projectId", "p1")
                    .add(c, at(first, 21), "CONNECTOR_USED", "userId", "u2", "connector", "jira")
                    .add(c, at(first, 22), "INVITE_ACCEPTED", "inviteId", "i1")
                    .add(c, at(first, 22), "FEEDBACK", "userId", "u2", "rating", "NEGATIVE", "assistantId", "X")
                    .add(c, at(first, 23), "SPEND", "userId", "u1", "model", "gpt", "amountMicros", 2_000)
                    .add(c, at(first, 23), "SPEND", "userId", "u2", "model", "claude", "amountMicros", 500)
                    .add(c, at(second, 3), "USER_MESSAGE", "userId", "u3", "chatId", "c2")
                    .add(c, at(second, 4), "INVITE_REVOKED", "inviteId", "i2");
        }
        return events.json();
    }

    private static Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }
}
