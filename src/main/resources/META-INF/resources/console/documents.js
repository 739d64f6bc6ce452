// The console's GraphQL documents, as a dashboard or a partner integration would send them. The service's warm-up
// (figures/WarmUp) reads this file and runs the same documents after a start, so keep each one a plain
// `export const NAME = `...`;` without ${} and vary a document with variables and @skip, not with string code.

// A company's dashboard over a range: activity, adoption, telemetry and feedback. Administrators skip the per-user tops.
export const DASHBOARD = `query Dashboard($id: String!, $range: DateRangeInput!, $g: Granularity!, $admin: Boolean!) {
  company(id: $id) {
    id name seats timeZone extraUsageEnabled
    activity(range: $range, granularity: $g) {
      dau { from to value change changePercent }
      wau { from to value change changePercent }
      mau { from to value change changePercent }
      latest { day dau wau mau seats utilisation } pendingInvites
      usersByAppVersion { key users } usersByPlatform { key users } usersByDeployment { key users }
      freshness { newestEventReceivedAt rolledUpAt computedAt }
    }
    adoption(range: $range, granularity: $g) {
      chatsCreated { from to value change changePercent }
      averageMessagesPerChat { from to value change changePercent }
      projectsCreated { from to value change changePercent }
      usersWithProject { from to value change changePercent }
      artifactsCreated { from to value change changePercent }
      usersWithArtifact { from to value change changePercent }
      topConnectors(limit: 10) { key users }
      topUsersByProjectsUsed @skip(if: $admin) { userId count }
      topUsersByArtifacts @skip(if: $admin) { userId count }
    }
    telemetry(range: $range) {
      users fileFolders groups chats spaces userMessages assistantMessages positiveFeedback negativeFeedback
      promptsByAssistant { assistantId module prompts }
    }
    feedback(range: $range) {
      overall { positive negative sharePositive }
      byAssistant { assistantId positive negative sharePositive }
    }
  }
}`;

// A company's spend: to date, by model over 1, 3 and 12 months, and (not for administrators) the first 50 users.
export const SPEND = `query Spend($id: String!, $range: DateRangeInput!, $admin: Boolean!) {
  company(id: $id) {
    spend {
      asOf monthToDate quarterToDate yearToDate
      m1: byModel(lastMonths: 1) { model amountMicros }
      m3: byModel(lastMonths: 3) { model amountMicros }
      m12: byModel(lastMonths: 12) { model amountMicros }
      byUser(range: $range, first: 50) @skip(if: $admin) { users { userId amountMicros } hasNextPage }
    }
  }
}`;
