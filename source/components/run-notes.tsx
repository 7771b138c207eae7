/** What the engine said along the way (a lost answer, the job found instead of a second submit). */
import {Text} from 'ink';
import {stripControl} from '../http/redact.js';
import type {WizardState} from '../wizard/state.js';
import {theme} from './theme.js';

const marks = {info: ['·', undefined], warn: ['⚠', theme.warn], error: ['✖', theme.error]} as const;

export const RunNotes = ({notes = []}: {notes?: WizardState['notes']}) => (
	<>
		{notes.map((note, index) => (
			// eslint-disable-next-line react/no-array-index-key -- notes only grow at the end
			<Text key={index} color={marks[note.level][1]}>
				{marks[note.level][0]} {stripControl(note.message)}
			</Text>
		))}
	</>
);
