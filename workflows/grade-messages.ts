import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { GradeDecision } from '../src/policy/grade-schema.js';
import type { GradeStatus } from './grade-types.js';

/** Memo key of a grading workflow: what `review list` shows without asking the workflow (no answer text). */
export const GRADE_MEMO_KEY = 'switchyardGrade';

/** A reviewer grades a sampled answer; validated (allow-list, signature, score 0..1, once) before it reaches history. */
export const gradeAnswerUpdate = defineUpdate<{ accepted: true; workflowId: string; score: number }, [GradeDecision]>(
  'gradeAnswer',
);

/** The sampled answer and its grade so far. */
export const getGradeStatusQuery = defineQuery<GradeStatus>('getGradeStatus');
