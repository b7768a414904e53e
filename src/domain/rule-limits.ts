/**
 * Every time limit the bot enforces, with the article it comes from (新政发〔2022〕5号, written §N).
 * Change a limit here, never inline; RULES.md explains each one.
 */
export const RULE_LIMITS = {
  /** 部门间征求意见/会签 2 个工作日内回复，逾期视为无不同意见. */
  consultationReply: { rule: '§50', unit: 'working_days', amount: 2 },
  /** 司法局对会议纪要代拟稿 1 个工作日内提出合法性审核意见. */
  minutesLegalityReview: { rule: '§41', unit: 'working_days', amount: 1 },
  /** 常务会议纪要：会议结束后 5 个工作日内印发. */
  standingMeetingMinutes: { rule: '§38', unit: 'working_days', amount: 5 },
  /** 区长办公会议纪要：会议结束后 5 个工作日内印发. */
  headsOfficeMeetingMinutes: { rule: '§39', unit: 'working_days', amount: 5 },
  /** 业务会议纪要：会议结束 3 个工作日内印发. */
  businessMeetingMinutes: { rule: '§40', unit: 'working_days', amount: 3 },
  /** 业务会议纪要需征求部门意见的：5 个工作日内印发. */
  businessMeetingMinutesConsulted: { rule: '§40', unit: 'working_days', amount: 5 },
  /** 业务会议纪要征求意见时，部门 1 个工作日内回复. */
  businessMinutesConsultationReply: { rule: '§40', unit: 'working_days', amount: 1 },
  /** 会议纪要下发或文件签批后 5 个工作日内拨付资金. */
  fundsPayment: { rule: '§56', unit: 'working_days', amount: 5 },
  /** 参加市政府会议后 2 个工作日内形成书面报告. */
  cityMeetingReport: { rule: '§46', unit: 'working_days', amount: 2 },
  /** 部门主要负责人离阜提前 3 天（不含出行当日）报备. */
  absenceFilingNotice: { rule: '§71', unit: 'calendar_days', amount: 3 },
  /** “710”：一般事项 7 天内办结，部署当日算第 1 天. */
  ordinaryInstruction: { rule: '§58', unit: 'calendar_days', amount: 7 },
  /** “710”：复杂事项 1 个月内有结果. */
  complexInstruction: { rule: '§58', unit: 'month', amount: 1 },
  /** “710”：年初确定的事项年底清零销号. */
  yearStartItems: { rule: '§58', unit: 'year_end' },
  /**
   * 接到领导批示后“立即”向本部门主要领导报告 (§56), i.e. 签收. The article sets no number; 1 working
   * day is our chosen limit, so an item issued late on a Friday is not overdue that evening.
   */
  instructionAcknowledgement: { rule: '§56', unit: 'working_days', amount: 1 },
  /**
   * 重要进展情况要及时报告 (§56). When the issuing leader asks for progress reports, the first one is due
   * when this share of the time limit has passed — our chosen default, the article sets none.
   */
  instructionProgressReport: { rule: '§56', unit: 'share_of_time_limit', amount: 0.5 },
  /**
   * 人大代表建议和政协委员提案“限时办结” (§31). The limit is set per item; when none is given we use
   * 3 months from assignment, the usual national limit for deputies' suggestions and proposals.
   */
  npcSuggestionDefault: { rule: '§31', unit: 'months', amount: 3 },
  /**
   * 出访后“及时”提交总结报告 (§67). The article sets no number; 3 working days after return is
   * our chosen default so the scheduler has something to nag against.
   */
  tripReport: { rule: '§67', unit: 'working_days', amount: 3 },
  /**
   * 每月定期汇总上级对口部门来文目录转报区政府 (§70). The article sets no day; the list is asked for
   * on the month's first working day and due 5 working days later — our chosen default.
   */
  monthlyDocumentList: { rule: '§70', unit: 'working_days', amount: 5 },
  /**
   * 会议材料…提前报区政府办公室 (§38). The article sets no number; when the office's notice names no
   * materials deadline, it is this many working days before the meeting — our chosen default.
   */
  meetingMaterials: { rule: '§38', unit: 'working_days_before', amount: 2 },
} as const;

export type RuleLimitName = keyof typeof RULE_LIMITS;

/**
 * Steps the seed gives no number for still have a clock (§62 “对职权范围内的事项要按程序和时限积极负责地
 * 办理”; RULES.md "Reminders"): these defaults, in working days from the day the step reaches its owner,
 * each of which the org file's `schedule.stepLimits` may change. Nagged on the due day, escalated to the
 * owner's supervising leader one working day later, like every other limit.
 */
export const STEP_LIMIT_DEFAULTS = {
  /**
   * 请假审批 (§71 请销假; §42 会议请假): 2 working days — and always before the departure day: due on the
   * last working day before it, escalated that day, flagged in the digest on the departure day itself.
   */
  leaveApproval: { rule: '§71', unit: 'working_days', amount: 2 },
  /**
   * 议题合法性审查 by the justice bureau (§25; §20 for normative documents). The seed sets a number only
   * for the review of draft minutes (§41, 1 working day); a topic's review is a study of the whole
   * proposal, so 5 working days — the same as the minutes' issue limit (§38).
   */
  legalityReview: { rule: '§25', unit: 'working_days', amount: 5 },
  /** 议题审核审批: 分管副区长审定/审核, 政府办主任审批, 区长/主持副区长确定上会 (§37–§40): 2 working days each. */
  topicApproval: { rule: '§38', unit: 'working_days', amount: 2 },
  /** 分管副区长协调分歧 after a disagreement that stands (§24, §50): 3 working days. */
  disagreementCoordination: { rule: '§24', unit: 'working_days', amount: 3 },
  /** 销号: the issuing leader accepts the combined completion report (§58): 2 working days. */
  closeOut: { rule: '§58', unit: 'working_days', amount: 2 },
  /** 延期审批 by the issuing leader (§58): 2 working days, and no later than the deadline in force. */
  extensionDecision: { rule: '§58', unit: 'working_days', amount: 2 },
  /**
   * 报区委 (§65 “重大决策出台前应按照规定向区委请示报告”): the government office reports a major decision
   * to the district Party committee once the minutes are signed; the seed sets no number: 3 working days.
   */
  partyReport: { rule: '§65', unit: 'working_days', amount: 3 },
  /**
   * 回复会议通知 (§36 会议通知, §42 按通知参会、及时请假): the seed sets no number; 1 working day, and
   * always before the meeting day (due the last working day before it, like a leave approval).
   */
  meetingReply: { rule: '§42', unit: 'working_days', amount: 1 },
} as const;

/** 环节类别 — a kind of step whose limit the org file may set (`schedule.stepLimits`). */
export type StepLimitKind = keyof typeof STEP_LIMIT_DEFAULTS;

export const STEP_LIMIT_KINDS = Object.keys(STEP_LIMIT_DEFAULTS) as StepLimitKind[];
