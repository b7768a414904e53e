import { describe, expect, it } from 'vitest';
import { refusalText } from '../../src/bot/workflow.ts';
import type { WorkflowItem } from '../../src/domain/engine/types.ts';
import { TOPIC_STEP } from '../../src/domain/topic/types.ts';
import { exampleOrg } from '../helpers/domain.ts';

describe('refusalText: a missing reason', () => {
  it('§24 asks the submitting unit for each side’s reasons on its statement; elsewhere for the reason of a 不同意', () => {
    const org = exampleOrg();
    const topic = { kind: 'topic', steps: [] } as unknown as WorkflowItem;
    expect(refusalText('reason_required', topic, TOPIC_STEP.statement, { org })).toContain('§24');
    expect(refusalText('reason_required', topic, 'vice_head', { org })).toBe('选择“不同意”时请填写理由。');
    const leave = { kind: 'leave', steps: [] } as unknown as WorkflowItem;
    expect(refusalText('reason_required', leave, TOPIC_STEP.statement, { org })).toBe(
      '选择“不同意”时请填写理由。',
    );
  });
});
