import { addWorkingDays, agendaPublicationDeadline, bankHolidays, isWorkingDay } from '../bot/features/meetings/workingDays';

describe('working days and the agenda publication deadline', () => {
  test('When the deadline is worked out for ordinary weeks, then five clear working days lie between publication and the meeting', () => {
    expect(agendaPublicationDeadline('2023-09-12')).toBe('2023-09-04'); // as the council published it
    expect(agendaPublicationDeadline('2023-11-16')).toBe('2023-11-08');
    expect(agendaPublicationDeadline('2024-01-16')).toBe('2024-01-08');
  });

  test('When a bank holiday falls in the window, then it does not count (Easter 2024 and the August bank holiday)', () => {
    // Meeting Thursday 4 April 2024: Good Friday 29 March and Easter Monday 1 April are skipped.
    expect(agendaPublicationDeadline('2024-04-04')).toBe('2024-03-25');
    // Meeting Tuesday 3 September 2024: Monday 26 August is a bank holiday.
    expect(agendaPublicationDeadline('2024-09-03')).toBe('2024-08-23');
  });

  test('When the window crosses a weekend and a one-off bank holiday, then both are skipped (the 2023 coronation)', () => {
    // Meeting Monday 15 May 2023: 8 May 2023 was a one-off bank holiday.
    expect(agendaPublicationDeadline('2023-05-15')).toBe('2023-05-04');
  });

  test('When bank holidays are listed, then substitutes for weekend Christmas and New Year are the following weekdays', () => {
    expect([...bankHolidays(2022)].sort()).toEqual([
      '2022-01-03',
      '2022-04-15',
      '2022-04-18',
      '2022-05-02',
      '2022-06-02',
      '2022-06-03',
      '2022-08-29',
      '2022-09-19',
      '2022-12-26',
      '2022-12-27',
    ]);
    expect([...bankHolidays(2023)].sort()).toEqual([
      '2023-01-02',
      '2023-04-07',
      '2023-04-10',
      '2023-05-01',
      '2023-05-08',
      '2023-05-29',
      '2023-08-28',
      '2023-12-25',
      '2023-12-26',
    ]);
    expect(bankHolidays(2020).has('2020-05-08')).toBe(true);
    expect(bankHolidays(2020).has('2020-05-04')).toBe(false);
  });

  test('When counting working days, then weekends and bank holidays are passed over', () => {
    expect(isWorkingDay('2023-12-25')).toBe(false);
    expect(isWorkingDay('2023-12-23')).toBe(false);
    expect(addWorkingDays('2023-12-22', 1)).toBe('2023-12-27');
  });
});
