import {useInput} from 'ink';

/** The keys of a yes/no screen: Enter or y goes on, Esc or n goes back. */
export const useYesNo = ({isActive, onYes, onNo}: {isActive: boolean; onYes: () => void; onNo: () => void}) => {
	useInput(
		(input, key) => {
			if (key.return || input === 'y') onYes();
			else if (key.escape || input === 'n') onNo();
		},
		{isActive},
	);
};
