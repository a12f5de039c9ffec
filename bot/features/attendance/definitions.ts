import { defineFeature } from '../definition';
import { onePerson } from '../shared/people';
import { attendanceAnswer } from './attendance';

/** Attendance as the minutes record it, for a meeting or a person. */
export const attendanceFeature = defineFeature({
  name: 'attendance',
  questions: [
    {
      intent: 'attendance',
      priority: 69,
      label: 'Attendance',
      patterns: [
        /\b(?:who|which \w+|how many \w*) (?:\w+ )?(?:attended|came|turned up|was there|were there)\b/,
        /\battendance\b/,
        /\b(?:who|which \w+) (?:was|were) (?:absent|missing|present|not there)\b/,
        /\babsent\w*\b|\babsences\b|\babsence (?:record|rate)\b|\b(?:was|were) present (?:at|in|on)\b/,
        /^(?:and |so )?(?:was|were|did) (?:councillor|cllr|mr|mrs|ms|dr|i|\w+ \w+|\w+)\b.*\b(?:at|attend|in attendance|present|there)\b.*\b(?:meeting|june|march|committee|last|\d{1,2} \w+)\b/,
        /\bhow often (?:has|have|does|did) \w+.*\b(?:attend\w*|been|come)\b/,
      ],
      // "What was decided at the June meeting" is about the minutes' decisions.
      unless: [
        /\b(?:decided|decisions?|resolv\w*|resolutions?|agreed|minutes?)\b/,
        /\b(?:send|sending|give|giving|submit|withdraw\w*|cancel\w*|can'?t|cannot|can not|unable|won'?t|will not)\b/,
        /\bagenda\b/,
        // Telling the bot of a coming absence is sending apologies; presenting a report is not attendance.
        /\bnext\b|\b(?:will|shall|going to|i'?ll) be\b|\b(?:to|will) substitute\b|\bin my place\b/,
        /\bwho (?:will|is going to|shall) present\b/,
      ],
      examples: [
        'Who attended the June meeting?',
        'Was Councillor Pearce at the last meeting?',
        'Who was absent in June?',
        'Attendance record for Councillor Abbas',
      ],
      entities: { dateDirection: 'past' },
      audience: 'anyone',
      aboutCommittee: true,
      template: 'attendance',
      handler: async (ctx, e, text) => {
        const person = await onePerson(ctx, e.personIds, 'attendance record for');
        if (person.kind === 'choose') return person.answer;
        // "Show me the attendance" is not about the asker; "my attendance" and "did I attend" are.
        const self = e.self && /\b(?:my|i)\b/i.test(text);
        const personId = person.id ?? (self ? (ctx.personId ?? undefined) : undefined);
        return attendanceAnswer(ctx, e, text, personId);
      },
    },
  ],
  help: {
    capabilities: ['Attendance from the minutes: who was present, apologies and substitutes, and a member’s record'],
  },
});
