import LBRunKit

await LBRunCommand.runMain()
