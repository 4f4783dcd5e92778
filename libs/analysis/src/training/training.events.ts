/**
 * CSE training recorded per agency (strategy actions 1.3 and 3.3: "all staff and volunteers have
 * access to and undertake CSE training"), one stream per agency: `training-{agencyId}`. Staff
 * counts only: no trainee is named.
 */
export const TRAINING_COURSES = {
  'cse-awareness': 'CSE awareness (all staff and volunteers)',
  'cse-practitioner': 'CSE for practitioners',
  'cse-advanced': 'CSE advanced (leads and specialists)',
} as const;
export type TrainingCourse = keyof typeof TRAINING_COURSES;
export const TRAINING_COURSE_CODES = Object.keys(TRAINING_COURSES) as TrainingCourse[];

/** The largest staff figure one agency records: a typing slip beyond it would swamp the coverage. */
export const MAX_STAFF_IN_POST = 100_000;
export const MAX_TRAINING_NOTE = 500;

export type TrainingCourseRecorded = {
  type: 'TrainingCourseRecorded';
  data: {
    agencyId: string;
    course: TrainingCourse;
    /** The day the course was held (YYYY-MM-DD): the month it counts in. */
    heldOn: string;
    /** The agency's staff and volunteers in post on that day. */
    staffInPost: number;
    /** Of them, those who completed this course. */
    staffTrained: number;
    note?: string;
    recordedBy: string;
    recordedAt: string;
  };
};

export type TrainingEvent = TrainingCourseRecorded;
