package io.usageanalytics.company;

/**
 * Who changes a company's privacy rules, as the audit records it: the token's subject, the role that allowed the
 * change, and whether that role may loosen the rules (decided by the access module).
 */
public record PrivacyRuleAuthor(String subject, String actingAs, boolean mayLoosen) {

    public PrivacyRuleAuthor {
        subject = subject == null ? "unknown" : subject;
    }
}
