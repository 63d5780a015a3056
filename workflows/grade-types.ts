import type { PublicKeys } from '../src/policy/signatures.js';

/** Input of gradeWorkflow: one sampled answer and who may grade it (recorded by the routing workflow). */
export interface GradeInput {
  /** The routing workflow whose answer is graded (signatures bind to it). */
  routeWorkflowId: string;
  route: string;
  policyVersion: string;
  policyHash: string;
  /** Model key that wrote the answer. */
  model: string;
  /** The answer text, as the client received it. */
  answer: string;
  /** The route's sample share when sampled, percent. */
  samplePercent: number;
  /** ISO time the answer was sampled. */
  sampledAt: string;
  /** How long the answer waits for a grade, ms. */
  deadlineMs: number;
  /** The policy's reviewer allow-list. */
  reviewers: string[];
  /** Reviewer public keys the routing workflow recorded (canonical identity → hex). */
  reviewerKeys: PublicKeys;
}

/** A grade as recorded: who, how good (0..1), when. */
export interface RecordedGrade {
  reviewer: string;
  score: number;
  note: string | null;
  /** ISO time the grade was accepted. */
  at: string;
}

/** Result of gradeWorkflow: what `switchyard report` averages per route and policy version. */
export interface GradeResult {
  routeWorkflowId: string;
  route: string;
  policyVersion: string;
  policyHash: string;
  model: string;
  sampledAt: string;
  /** `graded`: a reviewer scored it; `expired`: the deadline passed first. */
  outcome: 'graded' | 'expired';
  grade: RecordedGrade | null;
}

/** Answer of getGradeStatusQuery. */
export interface GradeStatus {
  routeWorkflowId: string;
  route: string;
  model: string;
  answer: string;
  sampledAt: string;
  /** ISO time the grade deadline passes. */
  deadlineAt: string;
  grade: RecordedGrade | null;
}
